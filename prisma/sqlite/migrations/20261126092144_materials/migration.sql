-- CreateTable
CREATE TABLE "MaterialSettings" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "siren" TEXT,
    "normalLossBp" INTEGER NOT NULL DEFAULT 300,
    "sellingCostBp" INTEGER NOT NULL DEFAULT 1500,
    "negativeStock" TEXT NOT NULL DEFAULT 'refuse',
    "accounts" TEXT NOT NULL DEFAULT '{}',
    "updatedBy" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MaterialSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaterialPeriodClose" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "closedThrough" DATETIME NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MaterialPeriodClose_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaterialPrice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "metal" TEXT NOT NULL,
    "day" DATETIME NOT NULL,
    "pricePerGram" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "source" TEXT,
    "actorName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MaterialPrice_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaterialJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "pieceId" TEXT,
    "finishedContent" TEXT,
    "costMinor" BIGINT,
    "actorName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MaterialJob_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaterialJobCost" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "note" TEXT,
    "effectiveAt" DATETIME NOT NULL,
    "actorName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MaterialJobCost_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MaterialJobCost_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "MaterialJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaterialImpairment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "classId" TEXT,
    "pieceId" TEXT,
    "kind" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "costMinor" BIGINT NOT NULL,
    "marketMinor" BIGINT NOT NULL,
    "reversesId" TEXT,
    "justification" TEXT NOT NULL,
    "effectiveAt" DATETIME NOT NULL,
    "actorName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MaterialImpairment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MaterialImpairment_classId_fkey" FOREIGN KEY ("classId") REFERENCES "MaterialClass" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MaterialClass" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "metal" TEXT,
    "finenessBp" INTEGER,
    "investment" BOOLEAN NOT NULL DEFAULT false,
    "unit" TEXT NOT NULL DEFAULT 'g',
    "method" TEXT NOT NULL DEFAULT 'moving_average',
    "standardUnitCost" TEXT,
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "nrvUnitValue" TEXT,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MaterialClass_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MaterialClass" ("code", "createdAt", "finenessBp", "id", "investment", "kind", "label", "metal", "method", "shopId", "standardUnitCost", "unit") SELECT "code", "createdAt", "finenessBp", "id", "investment", "kind", "label", "metal", "method", "shopId", "standardUnitCost", "unit" FROM "MaterialClass";
DROP TABLE "MaterialClass";
ALTER TABLE "new_MaterialClass" RENAME TO "MaterialClass";
CREATE UNIQUE INDEX "MaterialClass_shopId_code_key" ON "MaterialClass"("shopId", "code");
CREATE TABLE "new_MaterialMove" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "classId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'receipt',
    "qty" TEXT,
    "unitCost" TEXT,
    "ofMoveId" TEXT,
    "transferId" TEXT,
    "jobId" TEXT,
    "supplier" TEXT,
    "lot" TEXT,
    "jobRef" TEXT,
    "reason" TEXT,
    "effectiveAt" DATETIME NOT NULL,
    "actorName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MaterialMove_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MaterialMove_classId_fkey" FOREIGN KEY ("classId") REFERENCES "MaterialClass" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MaterialMove_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "MaterialJob" ("id") ON DELETE NO ACTION ON UPDATE CASCADE
);
INSERT INTO "new_MaterialMove" ("actorName", "classId", "createdAt", "effectiveAt", "id", "jobRef", "lot", "ofMoveId", "qty", "reason", "shopId", "supplier", "type", "unitCost") SELECT "actorName", "classId", "createdAt", "effectiveAt", "id", "jobRef", "lot", "ofMoveId", "qty", "reason", "shopId", "supplier", "type", "unitCost" FROM "MaterialMove";
DROP TABLE "MaterialMove";
ALTER TABLE "new_MaterialMove" RENAME TO "MaterialMove";
CREATE INDEX "MaterialMove_shopId_classId_effectiveAt_idx" ON "MaterialMove"("shopId", "classId", "effectiveAt");
CREATE INDEX "MaterialMove_shopId_jobId_idx" ON "MaterialMove"("shopId", "jobId");
CREATE INDEX "MaterialMove_shopId_effectiveAt_idx" ON "MaterialMove"("shopId", "effectiveAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "MaterialPeriodClose_shopId_closedThrough_idx" ON "MaterialPeriodClose"("shopId", "closedThrough");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialPrice_shopId_metal_day_key" ON "MaterialPrice"("shopId", "metal", "day");

-- CreateIndex
CREATE INDEX "MaterialJob_shopId_status_idx" ON "MaterialJob"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialJob_shopId_number_key" ON "MaterialJob"("shopId", "number");

-- CreateIndex
CREATE INDEX "MaterialJobCost_shopId_jobId_idx" ON "MaterialJobCost"("shopId", "jobId");

-- CreateIndex
CREATE INDEX "MaterialImpairment_shopId_classId_idx" ON "MaterialImpairment"("shopId", "classId");

-- CreateIndex
CREATE INDEX "MaterialImpairment_shopId_pieceId_idx" ON "MaterialImpairment"("shopId", "pieceId");

