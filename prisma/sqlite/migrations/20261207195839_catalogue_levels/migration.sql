-- CreateTable
CREATE TABLE "CatalogueLevel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "readId" TEXT NOT NULL,
    "productGid" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL,
    "variantGid" TEXT NOT NULL,
    "variantTitle" TEXT NOT NULL,
    "inventoryItemGid" TEXT NOT NULL,
    "sku" TEXT,
    "priceMinor" BIGINT,
    "vendor" TEXT NOT NULL,
    "productType" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "collections" TEXT NOT NULL,
    "collectionTitles" TEXT NOT NULL,
    "variantsOfProduct" INTEGER NOT NULL,
    "shopifyLocationGid" TEXT NOT NULL,
    "locationName" TEXT NOT NULL,
    "available" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL,
    "qualityControl" INTEGER NOT NULL,
    "onHand" INTEGER NOT NULL,
    CONSTRAINT "CatalogueLevel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (a column added in place: the table is not rebuilt)
ALTER TABLE "ShopifyBulkOperation" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'product_set';

-- CreateIndex
CREATE INDEX "CatalogueLevel_shopId_readId_productType_idx" ON "CatalogueLevel"("shopId", "readId", "productType");

-- CreateIndex
CREATE INDEX "CatalogueLevel_shopId_readId_vendor_idx" ON "CatalogueLevel"("shopId", "readId", "vendor");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogueLevel_shopId_readId_variantGid_shopifyLocationGid_key" ON "CatalogueLevel"("shopId", "readId", "variantGid", "shopifyLocationGid");

