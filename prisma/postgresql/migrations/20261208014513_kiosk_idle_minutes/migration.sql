-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "kioskIdleMinutes" INTEGER NOT NULL DEFAULT 10;

