-- AlterTable (a plain ADD COLUMN: redefining Shop would drop the append-only triggers that name it)
ALTER TABLE "Shop" ADD COLUMN "kioskIdleMinutes" INTEGER NOT NULL DEFAULT 10;
