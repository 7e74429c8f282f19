-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "csvFrenchExcel" BOOLEAN;

