-- CreateTable
CREATE TABLE "MaterialPieceSale" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "saleId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "orderName" TEXT,
    "costMinor" BIGINT NOT NULL,
    "eventAt" DATETIME NOT NULL,
    "effectiveAt" DATETIME NOT NULL,
    "deferredFrom" DATETIME,
    "actorName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MaterialPieceSale_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MaterialPieceSale_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "MaterialJob" ("id") ON DELETE NO ACTION ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "MaterialPieceSale_shopId_effectiveAt_idx" ON "MaterialPieceSale"("shopId", "effectiveAt");

-- CreateIndex
CREATE INDEX "MaterialPieceSale_shopId_jobId_idx" ON "MaterialPieceSale"("shopId", "jobId");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialPieceSale_shopId_saleId_kind_key" ON "MaterialPieceSale"("shopId", "saleId", "kind");

-- CreateIndex
CREATE INDEX "MaterialJob_shopId_pieceId_idx" ON "MaterialJob"("shopId", "pieceId");

