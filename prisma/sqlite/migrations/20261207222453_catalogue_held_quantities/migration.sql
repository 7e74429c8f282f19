-- Written by hand: Prisma's SQLite differ rebuilds "CatalogueLevel" to add NOT NULL columns with a
-- default; SQLite adds such columns in place.
-- AlterTable
ALTER TABLE "Piece" ADD COLUMN "heldInQuantity" TEXT;

-- AlterTable
ALTER TABLE "CatalogueLevel" ADD COLUMN "committed" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "CatalogueLevel" ADD COLUMN "damaged" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "CatalogueLevel" ADD COLUMN "safetyStock" INTEGER NOT NULL DEFAULT 0;
