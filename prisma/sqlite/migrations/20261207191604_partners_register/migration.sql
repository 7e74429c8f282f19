-- The partners register. Columns are added (never a table rebuild: see the README on SQLite).
-- AlterTable
ALTER TABLE "MaterialMove" ADD COLUMN "partnerId" TEXT;

-- AlterTable
ALTER TABLE "Party" ADD COLUMN "isSupplier" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Party" ADD COLUMN "isConsignor" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Party" ADD COLUMN "isMemoPartner" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Party" ADD COLUMN "isWorkshop" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Party" ADD COLUMN "contactName" TEXT;
ALTER TABLE "Party" ADD COLUMN "postcode" TEXT;
ALTER TABLE "Party" ADD COLUMN "city" TEXT;
ALTER TABLE "Party" ADD COLUMN "country" TEXT;
ALTER TABLE "Party" ADD COLUMN "siren" TEXT;
ALTER TABLE "Party" ADD COLUMN "siret" TEXT;
ALTER TABLE "Party" ADD COLUMN "vatNumber" TEXT;
ALTER TABLE "Party" ADD COLUMN "termsCommissionBp" INTEGER;
ALTER TABLE "Party" ADD COLUMN "termsPaymentDays" INTEGER;
ALTER TABLE "Party" ADD COLUMN "termsReturnDays" INTEGER;
ALTER TABLE "Party" ADD COLUMN "termsNotes" TEXT;
ALTER TABLE "Party" ADD COLUMN "archivedAt" DATETIME;
ALTER TABLE "Party" ADD COLUMN "mergedIntoId" TEXT;
ALTER TABLE "Party" ADD COLUMN "mergedAt" DATETIME;
ALTER TABLE "Party" ADD COLUMN "updatedAt" DATETIME;

-- Existing parties keep what their kind said.
UPDATE "Party" SET "isSupplier" = true WHERE "kind" IN ('supplier', 'both');
UPDATE "Party" SET "isConsignor" = true WHERE "kind" IN ('consignor', 'both');

-- CreateIndex
CREATE INDEX "Party_shopId_siren_idx" ON "Party"("shopId", "siren");

-- CreateIndex
CREATE INDEX "Party_shopId_vatNumber_idx" ON "Party"("shopId", "vatNumber");

-- CreateIndex
CREATE INDEX "MaterialMove_shopId_partnerId_idx" ON "MaterialMove"("shopId", "partnerId");
