-- AlterTable
ALTER TABLE "Piece" ADD COLUMN     "epcSerial" BIGINT,
ADD COLUMN     "gtin" TEXT,
ADD COLUMN     "shopifyBarcode" TEXT;

-- CreateTable
CREATE TABLE "RfidSettings" (
    "shopId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "companyPrefix" TEXT,
    "filter" INTEGER NOT NULL DEFAULT 1,
    "nextSerial" BIGINT NOT NULL DEFAULT 1,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RfidSettings_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "ShopifyLocationName" (
    "shopId" TEXT NOT NULL,
    "gid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopifyLocationName_pkey" PRIMARY KEY ("shopId","gid")
);

-- CreateIndex
CREATE UNIQUE INDEX "Piece_shopId_epcSerial_key" ON "Piece"("shopId", "epcSerial");

-- AddForeignKey
ALTER TABLE "RfidSettings" ADD CONSTRAINT "RfidSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopifyLocationName" ADD CONSTRAINT "ShopifyLocationName_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

