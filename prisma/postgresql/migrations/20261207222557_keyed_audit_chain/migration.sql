-- AlterTable
ALTER TABLE "Movement" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "seq" INTEGER;

-- CreateTable
CREATE TABLE "AuditHead" (
    "shopId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT,
    "keyedFromSeq" INTEGER NOT NULL,
    "movementSeq" INTEGER NOT NULL,
    "movementHash" TEXT,
    "legacyMovements" INTEGER NOT NULL,
    "mac" TEXT,

    CONSTRAINT "AuditHead_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "AuditCheck" (
    "shopId" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
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

    CONSTRAINT "AuditCheck_pkey" PRIMARY KEY ("shopId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Movement_shopId_seq_key" ON "Movement"("shopId", "seq");

-- AddForeignKey
ALTER TABLE "AuditHead" ADD CONSTRAINT "AuditHead_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditCheck" ADD CONSTRAINT "AuditCheck_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written. Every existing shop gets the head of its chains as they stand: the entries written
-- so far keep their plain SHA-256 hashes (verified as before) and the chain is keyed from the next
-- one; the movements written so far stay outside the movement chain, which starts empty.
INSERT INTO "AuditHead" ("shopId", "seq", "hash", "keyedFromSeq", "movementSeq", "movementHash", "legacyMovements", "mac")
SELECT s."id",
       COALESCE((SELECT MAX(a."seq") FROM "AuditLog" a WHERE a."shopId" = s."id"), 0),
       (SELECT a."hash" FROM "AuditLog" a WHERE a."shopId" = s."id" ORDER BY a."seq" DESC LIMIT 1),
       COALESCE((SELECT MAX(a."seq") FROM "AuditLog" a WHERE a."shopId" = s."id"), 0) + 1,
       0, NULL,
       (SELECT COUNT(*)::INTEGER FROM "Movement" m WHERE m."shopId" = s."id"),
       NULL
FROM "Shop" s;
