-- CreateTable
CREATE TABLE "MaterialSnapshot" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "cutEffectiveAt" TIMESTAMP(3),
    "cutCreatedAt" TIMESTAMP(3),
    "cutMoveId" TEXT,
    "movesThrough" INTEGER NOT NULL,
    "basis" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MaterialSnapshot_shopId_createdAt_idx" ON "MaterialSnapshot"("shopId", "createdAt");

-- AddForeignKey
ALTER TABLE "MaterialSnapshot" ADD CONSTRAINT "MaterialSnapshot_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

