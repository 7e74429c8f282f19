-- CreateTable
CREATE TABLE "ProvenanceVersion" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "digest" TEXT NOT NULL,
    "envelope" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProvenanceVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProvenanceVersion_shopId_pieceId_idx" ON "ProvenanceVersion"("shopId", "pieceId");

-- CreateIndex
CREATE UNIQUE INDEX "ProvenanceVersion_pieceId_version_key" ON "ProvenanceVersion"("pieceId", "version");

-- AddForeignKey
ALTER TABLE "ProvenanceVersion" ADD CONSTRAINT "ProvenanceVersion_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProvenanceVersion" ADD CONSTRAINT "ProvenanceVersion_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Signed versions are never changed; they go only with their shop (see loupe_append_only in init).
CREATE TRIGGER "ProvenanceVersion_append_only" BEFORE UPDATE OR DELETE ON "ProvenanceVersion"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
