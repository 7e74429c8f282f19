-- AlterTable
ALTER TABLE "MaterialMove" ADD COLUMN     "partnerId" TEXT;

-- AlterTable
ALTER TABLE "Party" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "city" TEXT,
ADD COLUMN     "contactName" TEXT,
ADD COLUMN     "country" TEXT,
ADD COLUMN     "isConsignor" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "isMemoPartner" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "isSupplier" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "isWorkshop" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "mergedAt" TIMESTAMP(3),
ADD COLUMN     "mergedIntoId" TEXT,
ADD COLUMN     "postcode" TEXT,
ADD COLUMN     "siren" TEXT,
ADD COLUMN     "siret" TEXT,
ADD COLUMN     "termsCommissionBp" INTEGER,
ADD COLUMN     "termsNotes" TEXT,
ADD COLUMN     "termsPaymentDays" INTEGER,
ADD COLUMN     "termsReturnDays" INTEGER,
ADD COLUMN     "updatedAt" TIMESTAMP(3),
ADD COLUMN     "vatNumber" TEXT;

-- Existing parties keep what their kind said.
UPDATE "Party" SET "isSupplier" = true WHERE "kind" IN ('supplier', 'both');
UPDATE "Party" SET "isConsignor" = true WHERE "kind" IN ('consignor', 'both');

-- CreateIndex
CREATE INDEX "MaterialMove_shopId_partnerId_idx" ON "MaterialMove"("shopId", "partnerId");

-- CreateIndex
CREATE INDEX "Party_shopId_siren_idx" ON "Party"("shopId", "siren");

-- CreateIndex
CREATE INDEX "Party_shopId_vatNumber_idx" ON "Party"("shopId", "vatNumber");

