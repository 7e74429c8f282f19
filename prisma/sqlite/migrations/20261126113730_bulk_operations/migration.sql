-- CreateTable
CREATE TABLE "ShopifyBulkOperation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "importBatchId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'collecting',
    "shopifyGid" TEXT,
    "shopifyStatus" TEXT,
    "errorCode" TEXT,
    "stagedUploadPath" TEXT,
    "lines" TEXT NOT NULL DEFAULT '[]',
    "lineCount" INTEGER NOT NULL DEFAULT 0,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "appliedLines" INTEGER NOT NULL DEFAULT 0,
    "linkedCount" INTEGER NOT NULL DEFAULT 0,
    "failedLines" TEXT NOT NULL DEFAULT '[]',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextCheckAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "startedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "ShopifyBulkOperation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ShopifyBulkOperation_shopId_importBatchId_idx" ON "ShopifyBulkOperation"("shopId", "importBatchId");

-- CreateIndex
CREATE INDEX "ShopifyBulkOperation_status_nextCheckAt_idx" ON "ShopifyBulkOperation"("status", "nextCheckAt");

-- CreateIndex
CREATE UNIQUE INDEX "ShopifyBulkOperation_shopId_shopifyGid_key" ON "ShopifyBulkOperation"("shopId", "shopifyGid");

