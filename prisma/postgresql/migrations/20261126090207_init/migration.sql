-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "locale" TEXT NOT NULL DEFAULT 'fr',
    "weightUnit" TEXT NOT NULL DEFAULT 'g',
    "ianaTimezone" TEXT NOT NULL DEFAULT 'Europe/Paris',
    "shopifyPlan" TEXT,
    "proxySubpath" TEXT NOT NULL DEFAULT 'loupe',
    "costRoles" TEXT NOT NULL DEFAULT 'owner,manager',
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "scopes" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN,
    "emailVerified" BOOLEAN,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "shopifyUserId" TEXT,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "role" TEXT NOT NULL DEFAULT 'staff',
    "pinHash" TEXT,
    "failedPins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Location" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "shopifyLocationGid" TEXT NOT NULL,
    "parentId" TEXT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Location_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Piece" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "tagCode" TEXT NOT NULL,
    "publicToken" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "productGid" TEXT,
    "variantGid" TEXT,
    "inventoryItemGid" TEXT,
    "sku" TEXT,
    "state" TEXT NOT NULL DEFAULT 'receiving',
    "locationId" TEXT,
    "shopifyLocationGid" TEXT,
    "currency" TEXT NOT NULL,
    "priceMinor" BIGINT,
    "costMinor" BIGINT,
    "supplierId" TEXT,
    "acquiredAt" TIMESTAMP(3),
    "madeBy" TEXT,
    "originNotes" TEXT,
    "notes" TEXT,
    "taggedAt" TIMESTAMP(3),
    "soldAt" TIMESTAMP(3),
    "archivedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Piece_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PieceMetal" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "metal" TEXT NOT NULL,
    "colour" TEXT,
    "finenessBp" INTEGER NOT NULL,
    "grossWeightMg" BIGINT NOT NULL,
    "fineWeightMg" BIGINT NOT NULL,
    "enteredWeight" TEXT NOT NULL,
    "enteredUnit" TEXT NOT NULL,
    "hallmark" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PieceMetal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Stone" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "shape" TEXT,
    "millicarats" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "colour" TEXT,
    "clarity" TEXT,
    "cutGrade" TEXT,
    "measurements" TEXT,
    "treatment" TEXT,
    "position" TEXT NOT NULL DEFAULT 'centre',
    "certificateId" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Stone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT,
    "lab" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3),
    "grades" TEXT NOT NULL DEFAULT '{}',
    "scanFileGid" TEXT,
    "scanUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Party" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "address" TEXT,
    "notes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Party_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consignment" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "consignorId" TEXT NOT NULL,
    "commissionBp" INTEGER,
    "agreedNetMinor" BIGINT,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3),
    "returnConditions" TEXT,
    "settledAt" TIMESTAMP(3),
    "returnedAt" TIMESTAMP(3),

    CONSTRAINT "Consignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Movement" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT,
    "kind" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT,
    "fromLocationId" TEXT,
    "toLocationId" TEXT,
    "fromShopifyLocationGid" TEXT,
    "toShopifyLocationGid" TEXT,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Movement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "reason" TEXT,
    "data" TEXT NOT NULL,
    "prevHash" TEXT,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEntry" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "result" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "OutboxEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookReceipt" (
    "webhookId" TEXT NOT NULL,
    "shopId" TEXT,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "triggeredAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookReceipt_pkey" PRIMARY KEY ("webhookId")
);

-- CreateTable
CREATE TABLE "PieceSale" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "orderName" TEXT,
    "lineItemGid" TEXT,
    "customerGid" TEXT,
    "priceMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "channel" TEXT,
    "staffName" TEXT,
    "soldAt" TIMESTAMP(3) NOT NULL,
    "refundedAt" TIMESTAMP(3),

    CONSTRAINT "PieceSale_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplianceRequest" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "customerGid" TEXT,
    "requestId" TEXT,
    "report" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComplianceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialClass" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "metal" TEXT,
    "finenessBp" INTEGER,
    "investment" BOOLEAN NOT NULL DEFAULT false,
    "unit" TEXT NOT NULL DEFAULT 'g',
    "method" TEXT NOT NULL DEFAULT 'moving_average',
    "standardUnitCost" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialClass_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialMove" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "classId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "qty" TEXT,
    "unitCost" TEXT,
    "ofMoveId" TEXT,
    "supplier" TEXT,
    "lot" TEXT,
    "jobRef" TEXT,
    "reason" TEXT,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "actorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialMove_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialMethodChange" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "classId" TEXT NOT NULL,
    "fromMethod" TEXT NOT NULL,
    "toMethod" TEXT NOT NULL,
    "justification" TEXT NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialMethodChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "StaffMember_shopId_idx" ON "StaffMember"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffMember_shopId_shopifyUserId_key" ON "StaffMember"("shopId", "shopifyUserId");

-- CreateIndex
CREATE INDEX "Location_shopId_shopifyLocationGid_idx" ON "Location"("shopId", "shopifyLocationGid");

-- CreateIndex
CREATE UNIQUE INDEX "Location_shopId_path_key" ON "Location"("shopId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Piece_publicToken_key" ON "Piece"("publicToken");

-- CreateIndex
CREATE INDEX "Piece_shopId_state_idx" ON "Piece"("shopId", "state");

-- CreateIndex
CREATE INDEX "Piece_shopId_variantGid_idx" ON "Piece"("shopId", "variantGid");

-- CreateIndex
CREATE INDEX "Piece_shopId_locationId_idx" ON "Piece"("shopId", "locationId");

-- CreateIndex
CREATE INDEX "Piece_shopId_createdAt_idx" ON "Piece"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "Piece_shopId_sku_idx" ON "Piece"("shopId", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "Piece_shopId_tagCode_key" ON "Piece"("shopId", "tagCode");

-- CreateIndex
CREATE INDEX "PieceMetal_shopId_metal_finenessBp_idx" ON "PieceMetal"("shopId", "metal", "finenessBp");

-- CreateIndex
CREATE INDEX "PieceMetal_pieceId_idx" ON "PieceMetal"("pieceId");

-- CreateIndex
CREATE INDEX "Stone_shopId_type_idx" ON "Stone"("shopId", "type");

-- CreateIndex
CREATE INDEX "Stone_pieceId_idx" ON "Stone"("pieceId");

-- CreateIndex
CREATE INDEX "Certificate_shopId_number_idx" ON "Certificate"("shopId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_shopId_lab_number_key" ON "Certificate"("shopId", "lab", "number");

-- CreateIndex
CREATE INDEX "Party_shopId_name_idx" ON "Party"("shopId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Consignment_pieceId_key" ON "Consignment"("pieceId");

-- CreateIndex
CREATE INDEX "Consignment_shopId_consignorId_idx" ON "Consignment"("shopId", "consignorId");

-- CreateIndex
CREATE INDEX "Movement_shopId_pieceId_at_idx" ON "Movement"("shopId", "pieceId", "at");

-- CreateIndex
CREATE INDEX "Movement_shopId_at_idx" ON "Movement"("shopId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_shopId_entityType_entityId_idx" ON "AuditLog"("shopId", "entityType", "entityId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditLog_shopId_seq_key" ON "AuditLog"("shopId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEntry_idempotencyKey_key" ON "OutboxEntry"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutboxEntry_status_nextAttemptAt_idx" ON "OutboxEntry"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxEntry_shopId_status_idx" ON "OutboxEntry"("shopId", "status");

-- CreateIndex
CREATE INDEX "WebhookReceipt_shopDomain_idx" ON "WebhookReceipt"("shopDomain");

-- CreateIndex
CREATE INDEX "PieceSale_shopId_customerGid_idx" ON "PieceSale"("shopId", "customerGid");

-- CreateIndex
CREATE UNIQUE INDEX "PieceSale_shopId_orderGid_pieceId_key" ON "PieceSale"("shopId", "orderGid", "pieceId");

-- CreateIndex
CREATE INDEX "ComplianceRequest_shopId_createdAt_idx" ON "ComplianceRequest"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialClass_shopId_code_key" ON "MaterialClass"("shopId", "code");

-- CreateIndex
CREATE INDEX "MaterialMove_shopId_classId_effectiveAt_idx" ON "MaterialMove"("shopId", "classId", "effectiveAt");

-- CreateIndex
CREATE INDEX "MaterialMethodChange_shopId_classId_idx" ON "MaterialMethodChange"("shopId", "classId");

-- AddForeignKey
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Location" ADD CONSTRAINT "Location_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Location" ADD CONSTRAINT "Location_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Location"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Piece" ADD CONSTRAINT "Piece_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Piece" ADD CONSTRAINT "Piece_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Piece" ADD CONSTRAINT "Piece_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Party"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceMetal" ADD CONSTRAINT "PieceMetal_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceMetal" ADD CONSTRAINT "PieceMetal_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stone" ADD CONSTRAINT "Stone_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stone" ADD CONSTRAINT "Stone_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stone" ADD CONSTRAINT "Stone_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "Certificate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Party" ADD CONSTRAINT "Party_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consignment" ADD CONSTRAINT "Consignment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consignment" ADD CONSTRAINT "Consignment_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consignment" ADD CONSTRAINT "Consignment_consignorId_fkey" FOREIGN KEY ("consignorId") REFERENCES "Party"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Movement" ADD CONSTRAINT "Movement_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Movement" ADD CONSTRAINT "Movement_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxEntry" ADD CONSTRAINT "OutboxEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookReceipt" ADD CONSTRAINT "WebhookReceipt_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceSale" ADD CONSTRAINT "PieceSale_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceSale" ADD CONSTRAINT "PieceSale_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplianceRequest" ADD CONSTRAINT "ComplianceRequest_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialClass" ADD CONSTRAINT "MaterialClass_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialMove" ADD CONSTRAINT "MaterialMove_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialMove" ADD CONSTRAINT "MaterialMove_classId_fkey" FOREIGN KEY ("classId") REFERENCES "MaterialClass"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialMethodChange" ADD CONSTRAINT "MaterialMethodChange_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialMethodChange" ADD CONSTRAINT "MaterialMethodChange_classId_fkey" FOREIGN KEY ("classId") REFERENCES "MaterialClass"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Ledger and audit rows are never changed; they go only with their shop (shop/redact), when the
-- cascade has already removed the Shop row.
CREATE FUNCTION "loupe_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId") THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER "Movement_append_only" BEFORE UPDATE OR DELETE ON "Movement"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
CREATE TRIGGER "AuditLog_append_only" BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
