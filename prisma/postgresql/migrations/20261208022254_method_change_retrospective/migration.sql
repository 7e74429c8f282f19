-- AlterTable
ALTER TABLE "MaterialMethodChange" ADD COLUMN     "retrospective" BOOLEAN NOT NULL DEFAULT false;

