-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Piece" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "tagCode" TEXT NOT NULL,
    "publicToken" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "searchTitle" TEXT NOT NULL DEFAULT '',
    "description" TEXT,
    "productGid" TEXT,
    "variantGid" TEXT,
    "inventoryItemGid" TEXT,
    "sku" TEXT,
    "state" TEXT NOT NULL DEFAULT 'receiving',
    "locationId" TEXT,
    "shopifyLocationGid" TEXT,
    "currency" TEXT NOT NULL,
    "priceMinor" BIGINT,
    "costMinor" BIGINT,
    "supplierId" TEXT,
    "acquiredAt" DATETIME,
    "madeBy" TEXT,
    "originNotes" TEXT,
    "notes" TEXT,
    "taggedAt" DATETIME,
    "detailsPendingAt" DATETIME,
    "heldInQuantity" TEXT,
    "gtin" TEXT,
    "shopifyBarcode" TEXT,
    "epcSerial" BIGINT,
    "soldAt" DATETIME,
    "archivedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Piece_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Piece_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Piece_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Party" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Piece" ("acquiredAt", "archivedAt", "costMinor", "createdAt", "currency", "description", "detailsPendingAt", "epcSerial", "gtin", "heldInQuantity", "id", "inventoryItemGid", "locationId", "madeBy", "notes", "originNotes", "priceMinor", "productGid", "publicToken", "shopId", "shopifyBarcode", "shopifyLocationGid", "sku", "soldAt", "state", "supplierId", "tagCode", "taggedAt", "title", "updatedAt", "variantGid", "version") SELECT "acquiredAt", "archivedAt", "costMinor", "createdAt", "currency", "description", "detailsPendingAt", "epcSerial", "gtin", "heldInQuantity", "id", "inventoryItemGid", "locationId", "madeBy", "notes", "originNotes", "priceMinor", "productGid", "publicToken", "shopId", "shopifyBarcode", "shopifyLocationGid", "sku", "soldAt", "state", "supplierId", "tagCode", "taggedAt", "title", "updatedAt", "variantGid", "version" FROM "Piece";
DROP TABLE "Piece";
ALTER TABLE "new_Piece" RENAME TO "Piece";
CREATE UNIQUE INDEX "Piece_publicToken_key" ON "Piece"("publicToken");
CREATE INDEX "Piece_shopId_state_idx" ON "Piece"("shopId", "state");
CREATE INDEX "Piece_shopId_state_createdAt_idx" ON "Piece"("shopId", "state", "createdAt");
CREATE INDEX "Piece_shopId_variantGid_idx" ON "Piece"("shopId", "variantGid");
CREATE INDEX "Piece_shopId_locationId_idx" ON "Piece"("shopId", "locationId");
CREATE INDEX "Piece_shopId_createdAt_idx" ON "Piece"("shopId", "createdAt");
CREATE INDEX "Piece_shopId_sku_idx" ON "Piece"("shopId", "sku");
CREATE INDEX "Piece_shopId_detailsPendingAt_idx" ON "Piece"("shopId", "detailsPendingAt");
CREATE UNIQUE INDEX "Piece_shopId_tagCode_key" ON "Piece"("shopId", "tagCode");
CREATE UNIQUE INDEX "Piece_shopId_epcSerial_key" ON "Piece"("shopId", "epcSerial");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Existing titles folded as app/domain/search-text.ts folds them (accents of French and the
-- common Latin letters; any other title is folded again the next time it is written). One
-- letter at a time: SQLite's parser refuses a deeper nesting of replace().
UPDATE "Piece" SET "searchTitle" = lower("title");
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("searchTitle", 'à', 'a'), 'â', 'a'), 'ä', 'a'), 'á', 'a'), 'ã', 'a'), 'å', 'a'), 'À', 'a'), 'Â', 'a'), 'Ä', 'a'), 'Á', 'a'), 'Ã', 'a'), 'Å', 'a');
UPDATE "Piece" SET "searchTitle" = replace(replace("searchTitle", 'ç', 'c'), 'Ç', 'c');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace(replace(replace(replace(replace("searchTitle", 'é', 'e'), 'è', 'e'), 'ê', 'e'), 'ë', 'e'), 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'Ë', 'e');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace(replace(replace(replace(replace("searchTitle", 'î', 'i'), 'ï', 'i'), 'í', 'i'), 'ì', 'i'), 'Î', 'i'), 'Ï', 'i'), 'Í', 'i'), 'Ì', 'i');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("searchTitle", 'ô', 'o'), 'ö', 'o'), 'ó', 'o'), 'ò', 'o'), 'õ', 'o'), 'ø', 'o'), 'Ô', 'o'), 'Ö', 'o'), 'Ó', 'o'), 'Ò', 'o'), 'Õ', 'o'), 'Ø', 'o');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace(replace(replace(replace(replace("searchTitle", 'ù', 'u'), 'û', 'u'), 'ü', 'u'), 'ú', 'u'), 'Ù', 'u'), 'Û', 'u'), 'Ü', 'u'), 'Ú', 'u');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace("searchTitle", 'ÿ', 'y'), 'ý', 'y'), 'Ÿ', 'y'), 'Ý', 'y');
UPDATE "Piece" SET "searchTitle" = replace(replace("searchTitle", 'ñ', 'n'), 'Ñ', 'n');
UPDATE "Piece" SET "searchTitle" = replace(replace("searchTitle", 'œ', 'oe'), 'Œ', 'oe');
UPDATE "Piece" SET "searchTitle" = replace(replace("searchTitle", 'æ', 'ae'), 'Æ', 'ae');
UPDATE "Piece" SET "searchTitle" = replace("searchTitle", 'ß', 'ss');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace("searchTitle", ' ', ' '), ' ', ' '), ' ', ' ');
UPDATE "Piece" SET "searchTitle" = trim("searchTitle");
