-- AlterTable
ALTER TABLE "Piece" ADD COLUMN "epcSerial" BIGINT;
ALTER TABLE "Piece" ADD COLUMN "gtin" TEXT;
ALTER TABLE "Piece" ADD COLUMN "shopifyBarcode" TEXT;

-- CreateTable
CREATE TABLE "RfidSettings" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "companyPrefix" TEXT,
    "filter" INTEGER NOT NULL DEFAULT 1,
    "nextSerial" BIGINT NOT NULL DEFAULT 1,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RfidSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShopifyLocationName" (
    "shopId" TEXT NOT NULL,
    "gid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "gid"),
    CONSTRAINT "ShopifyLocationName_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Piece_shopId_epcSerial_key" ON "Piece"("shopId", "epcSerial");

