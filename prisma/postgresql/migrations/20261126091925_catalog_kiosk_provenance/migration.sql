-- CreateTable
CREATE TABLE "SavedView" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'uploaded',
    "mapping" TEXT NOT NULL DEFAULT '{}',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "doneRows" INTEGER NOT NULL DEFAULT 0,
    "errorRows" INTEGER NOT NULL DEFAULT 0,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StockDrift" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "variantGid" TEXT NOT NULL,
    "inventoryItemGid" TEXT,
    "shopifyLocationGid" TEXT NOT NULL,
    "shopifyAvailable" INTEGER NOT NULL,
    "loupeActive" INTEGER NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "resolution" TEXT,

    CONSTRAINT "StockDrift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SaleHint" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "variantGid" TEXT NOT NULL,
    "shopifyLocationGid" TEXT,
    "staffName" TEXT,
    "scannedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedByOrderGid" TEXT,

    CONSTRAINT "SaleHint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shopifyLocationGid" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "revokedBy" TEXT,

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PairingCode" (
    "id" TEXT NOT NULL,
    "shopId" TEXT,
    "code" TEXT NOT NULL,
    "pollSecretHash" TEXT NOT NULL,
    "deviceName" TEXT NOT NULL,
    "shopifyLocationGid" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "confirmedBy" TEXT,
    "deviceId" TEXT,
    "sealedToken" TEXT,
    "collectedAt" TIMESTAMP(3),

    CONSTRAINT "PairingCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrintJob" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "shopifyLocationGid" TEXT NOT NULL,
    "deviceId" TEXT,
    "templateId" TEXT NOT NULL,
    "copies" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "reprintOf" TEXT,
    "reason" TEXT,
    "requestedBy" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" TIMESTAMP(3),
    "printedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "PrintJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TagTemplate" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "baseTemplateId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "overrides" TEXT NOT NULL DEFAULT '{}',
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TagTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KioskOperation" (
    "key" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KioskOperation_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ShopSigningKey" (
    "shopId" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "sealedPrivate" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShopSigningKey_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "PublicTokenHistory" (
    "token" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedBy" TEXT NOT NULL,
    "reason" TEXT,

    CONSTRAINT "PublicTokenHistory_pkey" PRIMARY KEY ("token")
);

-- CreateTable
CREATE TABLE "ServiceEvent" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "publicNote" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScanStat" (
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ScanStat_pkey" PRIMARY KEY ("shopId","pieceId","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "SavedView_shopId_name_key" ON "SavedView"("shopId", "name");

-- CreateIndex
CREATE INDEX "ImportBatch_shopId_createdAt_idx" ON "ImportBatch"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "StockDrift_shopId_resolvedAt_idx" ON "StockDrift"("shopId", "resolvedAt");

-- CreateIndex
CREATE INDEX "StockDrift_shopId_variantGid_shopifyLocationGid_idx" ON "StockDrift"("shopId", "variantGid", "shopifyLocationGid");

-- CreateIndex
CREATE INDEX "SaleHint_shopId_variantGid_usedByOrderGid_idx" ON "SaleHint"("shopId", "variantGid", "usedByOrderGid");

-- CreateIndex
CREATE UNIQUE INDEX "Device_tokenHash_key" ON "Device"("tokenHash");

-- CreateIndex
CREATE INDEX "Device_shopId_idx" ON "Device"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "PairingCode_code_key" ON "PairingCode"("code");

-- CreateIndex
CREATE UNIQUE INDEX "PrintJob_idempotencyKey_key" ON "PrintJob"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PrintJob_shopId_shopifyLocationGid_status_idx" ON "PrintJob"("shopId", "shopifyLocationGid", "status");

-- CreateIndex
CREATE INDEX "PrintJob_shopId_pieceId_idx" ON "PrintJob"("shopId", "pieceId");

-- CreateIndex
CREATE UNIQUE INDEX "TagTemplate_shopId_baseTemplateId_name_key" ON "TagTemplate"("shopId", "baseTemplateId", "name");

-- CreateIndex
CREATE INDEX "KioskOperation_shopId_createdAt_idx" ON "KioskOperation"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "PublicTokenHistory_shopId_pieceId_idx" ON "PublicTokenHistory"("shopId", "pieceId");

-- CreateIndex
CREATE INDEX "ServiceEvent_shopId_pieceId_at_idx" ON "ServiceEvent"("shopId", "pieceId", "at");

-- CreateIndex
CREATE INDEX "ScanStat_shopId_day_idx" ON "ScanStat"("shopId", "day");

-- AddForeignKey
ALTER TABLE "SavedView" ADD CONSTRAINT "SavedView_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockDrift" ADD CONSTRAINT "StockDrift_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SaleHint" ADD CONSTRAINT "SaleHint_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SaleHint" ADD CONSTRAINT "SaleHint_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairingCode" ADD CONSTRAINT "PairingCode_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrintJob" ADD CONSTRAINT "PrintJob_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrintJob" ADD CONSTRAINT "PrintJob_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrintJob" ADD CONSTRAINT "PrintJob_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TagTemplate" ADD CONSTRAINT "TagTemplate_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KioskOperation" ADD CONSTRAINT "KioskOperation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KioskOperation" ADD CONSTRAINT "KioskOperation_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopSigningKey" ADD CONSTRAINT "ShopSigningKey_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicTokenHistory" ADD CONSTRAINT "PublicTokenHistory_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceEvent" ADD CONSTRAINT "ServiceEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceEvent" ADD CONSTRAINT "ServiceEvent_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScanStat" ADD CONSTRAINT "ScanStat_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScanStat" ADD CONSTRAINT "ScanStat_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece"("id") ON DELETE CASCADE ON UPDATE CASCADE;

