-- CreateTable
CREATE TABLE "MaterialSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "cutEffectiveAt" DATETIME,
    "cutCreatedAt" DATETIME,
    "cutMoveId" TEXT,
    "movesThrough" INTEGER NOT NULL,
    "basis" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MaterialSnapshot_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "MaterialSnapshot_shopId_createdAt_idx" ON "MaterialSnapshot"("shopId", "createdAt");

