-- AlterTable
ALTER TABLE "CatalogueLevel" ADD COLUMN     "committed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "damaged" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "safetyStock" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Piece" ADD COLUMN     "heldInQuantity" TEXT;

