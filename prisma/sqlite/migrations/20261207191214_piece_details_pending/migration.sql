-- AlterTable
ALTER TABLE "Piece" ADD COLUMN "detailsPendingAt" DATETIME;

-- CreateIndex
CREATE INDEX "Piece_shopId_detailsPendingAt_idx" ON "Piece"("shopId", "detailsPendingAt");

