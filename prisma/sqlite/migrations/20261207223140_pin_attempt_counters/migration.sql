-- CreateTable
CREATE TABLE "PinAttemptCounter" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME,
    "lockedUntil" DATETIME,
    CONSTRAINT "PinAttemptCounter_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PinAttemptCounter_shopId_scope_key" ON "PinAttemptCounter"("shopId", "scope");

