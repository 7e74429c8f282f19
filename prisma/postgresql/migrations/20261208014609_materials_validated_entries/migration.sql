-- AlterTable
ALTER TABLE "MaterialSettings" ADD COLUMN     "fiscalYearEnd" TEXT NOT NULL DEFAULT '12-31',
ADD COLUMN     "journals" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "supplierAccounts" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Party" ADD COLUMN     "supplierAccount" TEXT;

-- CreateTable
CREATE TABLE "MaterialEntry" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "journalKind" TEXT NOT NULL,
    "journalCode" TEXT NOT NULL,
    "journalLib" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "fiscalYearEnd" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "pieceDay" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pieceRef" TEXT NOT NULL,
    "receiptMoveId" TEXT,
    "label" TEXT NOT NULL,
    "validationId" TEXT NOT NULL,
    "validatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MaterialEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialEntryLine" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "accountLabel" TEXT NOT NULL,
    "auxNum" TEXT,
    "auxLabel" TEXT,
    "debitMinor" BIGINT NOT NULL,
    "creditMinor" BIGINT NOT NULL,

    CONSTRAINT "MaterialEntryLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialEntryValidation" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "through" TIMESTAMP(3) NOT NULL,
    "throughDay" TEXT NOT NULL,
    "entries" INTEGER NOT NULL,
    "corrections" INTEGER NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialEntryValidation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialReceiptDocument" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "moveId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialReceiptDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MaterialEntry_shopId_day_idx" ON "MaterialEntry"("shopId", "day");

-- CreateIndex
CREATE INDEX "MaterialEntry_shopId_sourceKey_idx" ON "MaterialEntry"("shopId", "sourceKey");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialEntry_shopId_seq_key" ON "MaterialEntry"("shopId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialEntry_shopId_number_key" ON "MaterialEntry"("shopId", "number");

-- CreateIndex
CREATE INDEX "MaterialEntryLine_shopId_entryId_idx" ON "MaterialEntryLine"("shopId", "entryId");

-- CreateIndex
CREATE INDEX "MaterialEntryValidation_shopId_through_idx" ON "MaterialEntryValidation"("shopId", "through");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialReceiptDocument_shopId_moveId_key" ON "MaterialReceiptDocument"("shopId", "moveId");

-- AddForeignKey
ALTER TABLE "MaterialEntry" ADD CONSTRAINT "MaterialEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialEntryLine" ADD CONSTRAINT "MaterialEntryLine_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "MaterialEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialEntryValidation" ADD CONSTRAINT "MaterialEntryValidation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialReceiptDocument" ADD CONSTRAINT "MaterialReceiptDocument_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Validated entries, their lines, validations and receipt documents are never changed (irréversibilité).
CREATE TRIGGER "MaterialEntry_append_only" BEFORE UPDATE OR DELETE ON "MaterialEntry"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
CREATE TRIGGER "MaterialEntryLine_append_only" BEFORE UPDATE OR DELETE ON "MaterialEntryLine"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
CREATE TRIGGER "MaterialEntryValidation_append_only" BEFORE UPDATE OR DELETE ON "MaterialEntryValidation"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
CREATE TRIGGER "MaterialReceiptDocument_append_only" BEFORE UPDATE OR DELETE ON "MaterialReceiptDocument"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
