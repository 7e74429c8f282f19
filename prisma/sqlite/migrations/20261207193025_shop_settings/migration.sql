-- Written by hand: Prisma's SQLite differ rebuilds "Shop" to add NOT NULL columns with a default,
-- and a rebuild of Shop drops what hangs on it; SQLite adds such columns in place.
-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "defaultTagTemplateId" TEXT;
ALTER TABLE "Shop" ADD COLUMN "printerDpi" INTEGER NOT NULL DEFAULT 203;
ALTER TABLE "Shop" ADD COLUMN "settingsVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ShopOpeningHours" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "opensMinute" INTEGER NOT NULL,
    "closesMinute" INTEGER NOT NULL,
    CONSTRAINT "ShopOpeningHours_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ShopOpeningHours_shopId_weekday_idx" ON "ShopOpeningHours"("shopId", "weekday");
