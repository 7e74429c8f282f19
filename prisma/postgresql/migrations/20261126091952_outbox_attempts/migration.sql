-- AlterTable
ALTER TABLE "OutboxEntry" ADD COLUMN     "attemptArgs" TEXT,
ADD COLUMN     "generation" INTEGER NOT NULL DEFAULT 0;

