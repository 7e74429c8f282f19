-- CreateTable
CREATE TABLE "ProvenanceVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "digest" TEXT NOT NULL,
    "envelope" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProvenanceVersion_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProvenanceVersion_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ProvenanceVersion_shopId_pieceId_idx" ON "ProvenanceVersion"("shopId", "pieceId");

-- CreateIndex
CREATE UNIQUE INDEX "ProvenanceVersion_pieceId_version_key" ON "ProvenanceVersion"("pieceId", "version");


-- Signed versions are never changed; they go only with their shop (shop/redact).
CREATE TRIGGER "ProvenanceVersion_append_only_update" BEFORE UPDATE ON "ProvenanceVersion"
BEGIN SELECT RAISE(ABORT, 'ProvenanceVersion rows are append-only'); END;
CREATE TRIGGER "ProvenanceVersion_append_only_delete" BEFORE DELETE ON "ProvenanceVersion"
WHEN EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId")
BEGIN SELECT RAISE(ABORT, 'ProvenanceVersion rows are append-only'); END;
