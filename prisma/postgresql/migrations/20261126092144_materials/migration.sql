-- AlterTable
ALTER TABLE "MaterialClass" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "attributes" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "nrvUnitValue" TEXT;

-- AlterTable
ALTER TABLE "MaterialMove" ADD COLUMN     "jobId" TEXT,
ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'receipt',
ADD COLUMN     "transferId" TEXT;

-- CreateTable
CREATE TABLE "MaterialSettings" (
    "shopId" TEXT NOT NULL,
    "siren" TEXT,
    "normalLossBp" INTEGER NOT NULL DEFAULT 300,
    "sellingCostBp" INTEGER NOT NULL DEFAULT 1500,
    "negativeStock" TEXT NOT NULL DEFAULT 'refuse',
    "accounts" TEXT NOT NULL DEFAULT '{}',
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MaterialSettings_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "MaterialPeriodClose" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "closedThrough" TIMESTAMP(3) NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialPeriodClose_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialPrice" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "metal" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "pricePerGram" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "source" TEXT,
    "actorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialPrice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialJob" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "pieceId" TEXT,
    "finishedContent" TEXT,
    "costMinor" BIGINT,
    "actorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialJobCost" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "note" TEXT,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "actorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialJobCost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialImpairment" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "classId" TEXT,
    "pieceId" TEXT,
    "kind" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "costMinor" BIGINT NOT NULL,
    "marketMinor" BIGINT NOT NULL,
    "reversesId" TEXT,
    "justification" TEXT NOT NULL,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "actorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialImpairment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MaterialPeriodClose_shopId_closedThrough_idx" ON "MaterialPeriodClose"("shopId", "closedThrough");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialPrice_shopId_metal_day_key" ON "MaterialPrice"("shopId", "metal", "day");

-- CreateIndex
CREATE INDEX "MaterialJob_shopId_status_idx" ON "MaterialJob"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialJob_shopId_number_key" ON "MaterialJob"("shopId", "number");

-- CreateIndex
CREATE INDEX "MaterialJobCost_shopId_jobId_idx" ON "MaterialJobCost"("shopId", "jobId");

-- CreateIndex
CREATE INDEX "MaterialImpairment_shopId_classId_idx" ON "MaterialImpairment"("shopId", "classId");

-- CreateIndex
CREATE INDEX "MaterialImpairment_shopId_pieceId_idx" ON "MaterialImpairment"("shopId", "pieceId");

-- CreateIndex
CREATE INDEX "MaterialMove_shopId_jobId_idx" ON "MaterialMove"("shopId", "jobId");

-- CreateIndex
CREATE INDEX "MaterialMove_shopId_effectiveAt_idx" ON "MaterialMove"("shopId", "effectiveAt");

-- AddForeignKey
ALTER TABLE "MaterialMove" ADD CONSTRAINT "MaterialMove_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "MaterialJob"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialSettings" ADD CONSTRAINT "MaterialSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialPeriodClose" ADD CONSTRAINT "MaterialPeriodClose_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialPrice" ADD CONSTRAINT "MaterialPrice_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialJob" ADD CONSTRAINT "MaterialJob_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialJobCost" ADD CONSTRAINT "MaterialJobCost_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialJobCost" ADD CONSTRAINT "MaterialJobCost_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "MaterialJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialImpairment" ADD CONSTRAINT "MaterialImpairment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialImpairment" ADD CONSTRAINT "MaterialImpairment_classId_fkey" FOREIGN KEY ("classId") REFERENCES "MaterialClass"("id") ON DELETE CASCADE ON UPDATE CASCADE;

