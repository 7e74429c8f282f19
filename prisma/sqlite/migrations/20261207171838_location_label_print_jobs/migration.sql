-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PrintJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT,
    "locationId" TEXT,
    "shopifyLocationGid" TEXT NOT NULL,
    "deviceId" TEXT,
    "templateId" TEXT NOT NULL,
    "copies" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "reprintOf" TEXT,
    "reason" TEXT,
    "requestedBy" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" DATETIME,
    "printedAt" DATETIME,
    "error" TEXT,
    CONSTRAINT "PrintJob_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PrintJob_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PrintJob_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PrintJob_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_PrintJob" ("claimedAt", "copies", "createdAt", "deviceId", "error", "id", "idempotencyKey", "pieceId", "printedAt", "reason", "reprintOf", "requestedBy", "shopId", "shopifyLocationGid", "status", "templateId") SELECT "claimedAt", "copies", "createdAt", "deviceId", "error", "id", "idempotencyKey", "pieceId", "printedAt", "reason", "reprintOf", "requestedBy", "shopId", "shopifyLocationGid", "status", "templateId" FROM "PrintJob";
DROP TABLE "PrintJob";
ALTER TABLE "new_PrintJob" RENAME TO "PrintJob";
CREATE UNIQUE INDEX "PrintJob_idempotencyKey_key" ON "PrintJob"("idempotencyKey");
CREATE INDEX "PrintJob_shopId_shopifyLocationGid_status_idx" ON "PrintJob"("shopId", "shopifyLocationGid", "status");
CREATE INDEX "PrintJob_shopId_pieceId_idx" ON "PrintJob"("shopId", "pieceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

