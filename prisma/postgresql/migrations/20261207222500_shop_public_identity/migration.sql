-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "identityReadAt" TIMESTAMP(3),
ADD COLUMN     "publicEmail" TEXT,
ADD COLUMN     "publicName" TEXT,
ADD COLUMN     "publicPhone" TEXT,
ADD COLUMN     "publicUrl" TEXT;

