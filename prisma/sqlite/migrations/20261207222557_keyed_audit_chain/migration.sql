-- AlterTable
ALTER TABLE "Movement" ADD COLUMN "hash" TEXT;
ALTER TABLE "Movement" ADD COLUMN "seq" INTEGER;

-- CreateTable
CREATE TABLE "AuditHead" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "hash" TEXT,
    "keyedFromSeq" INTEGER NOT NULL,
    "movementSeq" INTEGER NOT NULL,
    "movementHash" TEXT,
    "legacyMovements" INTEGER NOT NULL,
    "mac" TEXT,
    CONSTRAINT "AuditHead_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditCheck" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "checkedAt" DATETIME NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT,
    "movementSeq" INTEGER NOT NULL,
    "movementHash" TEXT,
    "sweepSeq" INTEGER NOT NULL,
    "sweepMovementSeq" INTEGER NOT NULL,
    "brokenChain" TEXT,
    "brokenAtSeq" INTEGER,
    "reason" TEXT,
    CONSTRAINT "AuditCheck_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Movement_shopId_seq_key" ON "Movement"("shopId", "seq");


-- Hand-written. REPLACE INTO (or INSERT OR REPLACE, or a table declared ON CONFLICT REPLACE)
-- deletes the row it collides with without firing the DELETE triggers above (recursive triggers are
-- off), so it could rewrite an append-only row. Refuse, before the insert, any row that reuses an id
-- or a place in a chain.
CREATE TRIGGER "AuditLog_no_reuse" BEFORE INSERT ON "AuditLog"
WHEN EXISTS (SELECT 1 FROM "AuditLog" WHERE "id" = NEW."id" OR ("shopId" = NEW."shopId" AND "seq" = NEW."seq"))
BEGIN SELECT RAISE(ABORT, 'AuditLog rows are append-only (id or seq already used)'); END;
CREATE TRIGGER "Movement_no_reuse" BEFORE INSERT ON "Movement"
WHEN EXISTS (SELECT 1 FROM "Movement" WHERE "id" = NEW."id" OR ("shopId" = NEW."shopId" AND "seq" = NEW."seq"))
BEGIN SELECT RAISE(ABORT, 'Movement rows are append-only (id or seq already used)'); END;
CREATE TRIGGER "MaterialMove_no_reuse" BEFORE INSERT ON "MaterialMove"
WHEN EXISTS (SELECT 1 FROM "MaterialMove" WHERE "id" = NEW."id")
BEGIN SELECT RAISE(ABORT, 'MaterialMove rows are append-only (id already used)'); END;
CREATE TRIGGER "MaterialMethodChange_no_reuse" BEFORE INSERT ON "MaterialMethodChange"
WHEN EXISTS (SELECT 1 FROM "MaterialMethodChange" WHERE "id" = NEW."id")
BEGIN SELECT RAISE(ABORT, 'MaterialMethodChange rows are append-only (id already used)'); END;
CREATE TRIGGER "MaterialImpairment_no_reuse" BEFORE INSERT ON "MaterialImpairment"
WHEN EXISTS (SELECT 1 FROM "MaterialImpairment" WHERE "id" = NEW."id")
BEGIN SELECT RAISE(ABORT, 'MaterialImpairment rows are append-only (id already used)'); END;
CREATE TRIGGER "MaterialPeriodClose_no_reuse" BEFORE INSERT ON "MaterialPeriodClose"
WHEN EXISTS (SELECT 1 FROM "MaterialPeriodClose" WHERE "id" = NEW."id")
BEGIN SELECT RAISE(ABORT, 'MaterialPeriodClose rows are append-only (id already used)'); END;
CREATE TRIGGER "MaterialJobCost_no_reuse" BEFORE INSERT ON "MaterialJobCost"
WHEN EXISTS (SELECT 1 FROM "MaterialJobCost" WHERE "id" = NEW."id")
BEGIN SELECT RAISE(ABORT, 'MaterialJobCost rows are append-only (id already used)'); END;
CREATE TRIGGER "ProvenanceVersion_no_reuse" BEFORE INSERT ON "ProvenanceVersion"
WHEN EXISTS (SELECT 1 FROM "ProvenanceVersion" WHERE "id" = NEW."id")
BEGIN SELECT RAISE(ABORT, 'ProvenanceVersion rows are append-only (id already used)'); END;

-- Hand-written. Every existing shop gets the head of its chains as they stand: the entries written
-- so far keep their plain SHA-256 hashes (verified as before) and the chain is keyed from the next
-- one; the movements written so far stay outside the movement chain, which starts empty.
INSERT INTO "AuditHead" ("shopId", "seq", "hash", "keyedFromSeq", "movementSeq", "movementHash", "legacyMovements", "mac")
SELECT s."id",
       COALESCE((SELECT MAX(a."seq") FROM "AuditLog" a WHERE a."shopId" = s."id"), 0),
       (SELECT a."hash" FROM "AuditLog" a WHERE a."shopId" = s."id" ORDER BY a."seq" DESC LIMIT 1),
       COALESCE((SELECT MAX(a."seq") FROM "AuditLog" a WHERE a."shopId" = s."id"), 0) + 1,
       0, NULL,
       (SELECT COUNT(*) FROM "Movement" m WHERE m."shopId" = s."id"),
       NULL
FROM "Shop" s;
