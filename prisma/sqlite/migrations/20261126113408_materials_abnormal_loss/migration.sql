-- AlterTable
ALTER TABLE "MaterialJob" ADD COLUMN "abnormalLossMinor" BIGINT;
ALTER TABLE "MaterialJob" ADD COLUMN "normalLossBp" INTEGER;

