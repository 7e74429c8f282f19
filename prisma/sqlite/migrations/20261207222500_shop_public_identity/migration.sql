-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "identityReadAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "publicEmail" TEXT;
ALTER TABLE "Shop" ADD COLUMN "publicName" TEXT;
ALTER TABLE "Shop" ADD COLUMN "publicPhone" TEXT;
ALTER TABLE "Shop" ADD COLUMN "publicUrl" TEXT;

