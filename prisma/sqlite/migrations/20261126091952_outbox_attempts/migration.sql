-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "result" TEXT,
    "attemptArgs" TEXT,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME,
    CONSTRAINT "OutboxEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OutboxEntry" ("attempts", "createdAt", "doneAt", "id", "idempotencyKey", "kind", "lastError", "lockedBy", "lockedUntil", "nextAttemptAt", "payload", "result", "shopId", "status") SELECT "attempts", "createdAt", "doneAt", "id", "idempotencyKey", "kind", "lastError", "lockedBy", "lockedUntil", "nextAttemptAt", "payload", "result", "shopId", "status" FROM "OutboxEntry";
DROP TABLE "OutboxEntry";
ALTER TABLE "new_OutboxEntry" RENAME TO "OutboxEntry";
CREATE UNIQUE INDEX "OutboxEntry_idempotencyKey_key" ON "OutboxEntry"("idempotencyKey");
CREATE INDEX "OutboxEntry_status_nextAttemptAt_idx" ON "OutboxEntry"("status", "nextAttemptAt");
CREATE INDEX "OutboxEntry_shopId_status_idx" ON "OutboxEntry"("shopId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

