-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "defaultTagTemplateId" TEXT,
ADD COLUMN     "printerDpi" INTEGER NOT NULL DEFAULT 203,
ADD COLUMN     "settingsVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ShopOpeningHours" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "opensMinute" INTEGER NOT NULL,
    "closesMinute" INTEGER NOT NULL,

    CONSTRAINT "ShopOpeningHours_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShopOpeningHours_shopId_weekday_idx" ON "ShopOpeningHours"("shopId", "weekday");

-- AddForeignKey
ALTER TABLE "ShopOpeningHours" ADD CONSTRAINT "ShopOpeningHours_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

