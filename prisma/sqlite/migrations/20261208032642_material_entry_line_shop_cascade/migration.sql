-- MaterialEntryLine holds shop data, so its shopId cascades from Shop like every such table
-- (shop/redact then leaves none of the shop's lines). SQLite adds a foreign key only by rebuilding
-- the table, which drops its append-only triggers: they are created again below, unchanged.

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MaterialEntryLine" (
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
    CONSTRAINT "MaterialEntryLine_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MaterialEntryLine_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "MaterialEntry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MaterialEntryLine" ("account", "accountLabel", "auxLabel", "auxNum", "creditMinor", "debitMinor", "entryId", "id", "position", "role", "shopId") SELECT "account", "accountLabel", "auxLabel", "auxNum", "creditMinor", "debitMinor", "entryId", "id", "position", "role", "shopId" FROM "MaterialEntryLine";
DROP TABLE "MaterialEntryLine";
ALTER TABLE "new_MaterialEntryLine" RENAME TO "MaterialEntryLine";
CREATE INDEX "MaterialEntryLine_shopId_entryId_idx" ON "MaterialEntryLine"("shopId", "entryId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Validated entry lines are never changed (irréversibilité); only a shop's own deletion removes them.
CREATE TRIGGER "MaterialEntryLine_append_only_update" BEFORE UPDATE ON "MaterialEntryLine"
BEGIN SELECT RAISE(ABORT, 'MaterialEntryLine rows are append-only'); END;
CREATE TRIGGER "MaterialEntryLine_append_only_delete" BEFORE DELETE ON "MaterialEntryLine"
WHEN EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId")
BEGIN SELECT RAISE(ABORT, 'MaterialEntryLine rows are append-only'); END;
