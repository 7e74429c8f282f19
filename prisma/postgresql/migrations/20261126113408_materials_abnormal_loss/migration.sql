-- AlterTable
ALTER TABLE "MaterialJob" ADD COLUMN     "abnormalLossMinor" BIGINT,
ADD COLUMN     "normalLossBp" INTEGER;

