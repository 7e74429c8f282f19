-- AlterTable
ALTER TABLE "Party" ADD COLUMN "supplierAccount" TEXT;

-- CreateTable
CREATE TABLE "MaterialEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "journalKind" TEXT NOT NULL,
    "journalCode" TEXT NOT NULL,
    "journalLib" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "fiscalYearEnd" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "pieceDay" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pieceRef" TEXT NOT NULL,
    "receiptMoveId" TEXT,
    "label" TEXT NOT NULL,
    "validationId" TEXT NOT NULL,
    "validatedAt" DATETIME NOT NULL,
    CONSTRAINT "MaterialEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaterialEntryLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "accountLabel" TEXT NOT NULL,
    "auxNum" TEXT,
    "auxLabel" TEXT,
    "debitMinor" BIGINT NOT NULL,
    "creditMinor" BIGINT NOT NULL,
    CONSTRAINT "MaterialEntryLine_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "MaterialEntry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaterialEntryValidation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "through" DATETIME NOT NULL,
    "throughDay" TEXT NOT NULL,
    "entries" INTEGER NOT NULL,
    "corrections" INTEGER NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MaterialEntryValidation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaterialReceiptDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "moveId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MaterialReceiptDocument_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MaterialSettings" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "siren" TEXT,
    "normalLossBp" INTEGER NOT NULL DEFAULT 300,
    "sellingCostBp" INTEGER NOT NULL DEFAULT 1500,
    "negativeStock" TEXT NOT NULL DEFAULT 'refuse',
    "accounts" TEXT NOT NULL DEFAULT '{}',
    "supplierAccounts" BOOLEAN NOT NULL DEFAULT false,
    "journals" TEXT NOT NULL DEFAULT '{}',
    "fiscalYearEnd" TEXT NOT NULL DEFAULT '12-31',
    "updatedBy" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MaterialSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MaterialSettings" ("accounts", "negativeStock", "normalLossBp", "sellingCostBp", "shopId", "siren", "updatedAt", "updatedBy") SELECT "accounts", "negativeStock", "normalLossBp", "sellingCostBp", "shopId", "siren", "updatedAt", "updatedBy" FROM "MaterialSettings";
DROP TABLE "MaterialSettings";
ALTER TABLE "new_MaterialSettings" RENAME TO "MaterialSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "MaterialEntry_shopId_day_idx" ON "MaterialEntry"("shopId", "day");

-- CreateIndex
CREATE INDEX "MaterialEntry_shopId_sourceKey_idx" ON "MaterialEntry"("shopId", "sourceKey");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialEntry_shopId_seq_key" ON "MaterialEntry"("shopId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialEntry_shopId_number_key" ON "MaterialEntry"("shopId", "number");

-- CreateIndex
CREATE INDEX "MaterialEntryLine_shopId_entryId_idx" ON "MaterialEntryLine"("shopId", "entryId");

-- CreateIndex
CREATE INDEX "MaterialEntryValidation_shopId_through_idx" ON "MaterialEntryValidation"("shopId", "through");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialReceiptDocument_shopId_moveId_key" ON "MaterialReceiptDocument"("shopId", "moveId");


-- Validated entries, their lines, validations and receipt documents are never changed (irréversibilité).
CREATE TRIGGER "MaterialEntry_append_only_update" BEFORE UPDATE ON "MaterialEntry"
BEGIN SELECT RAISE(ABORT, 'MaterialEntry rows are append-only'); END;
CREATE TRIGGER "MaterialEntry_append_only_delete" BEFORE DELETE ON "MaterialEntry"
WHEN EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId")
BEGIN SELECT RAISE(ABORT, 'MaterialEntry rows are append-only'); END;
CREATE TRIGGER "MaterialEntryLine_append_only_update" BEFORE UPDATE ON "MaterialEntryLine"
BEGIN SELECT RAISE(ABORT, 'MaterialEntryLine rows are append-only'); END;
CREATE TRIGGER "MaterialEntryLine_append_only_delete" BEFORE DELETE ON "MaterialEntryLine"
WHEN EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId")
BEGIN SELECT RAISE(ABORT, 'MaterialEntryLine rows are append-only'); END;
CREATE TRIGGER "MaterialEntryValidation_append_only_update" BEFORE UPDATE ON "MaterialEntryValidation"
BEGIN SELECT RAISE(ABORT, 'MaterialEntryValidation rows are append-only'); END;
CREATE TRIGGER "MaterialEntryValidation_append_only_delete" BEFORE DELETE ON "MaterialEntryValidation"
WHEN EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId")
BEGIN SELECT RAISE(ABORT, 'MaterialEntryValidation rows are append-only'); END;
CREATE TRIGGER "MaterialReceiptDocument_append_only_update" BEFORE UPDATE ON "MaterialReceiptDocument"
BEGIN SELECT RAISE(ABORT, 'MaterialReceiptDocument rows are append-only'); END;
CREATE TRIGGER "MaterialReceiptDocument_append_only_delete" BEFORE DELETE ON "MaterialReceiptDocument"
WHEN EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId")
BEGIN SELECT RAISE(ABORT, 'MaterialReceiptDocument rows are append-only'); END;
