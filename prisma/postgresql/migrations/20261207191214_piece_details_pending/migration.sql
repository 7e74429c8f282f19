-- AlterTable
ALTER TABLE "Piece" ADD COLUMN     "detailsPendingAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Piece_shopId_detailsPendingAt_idx" ON "Piece"("shopId", "detailsPendingAt");

