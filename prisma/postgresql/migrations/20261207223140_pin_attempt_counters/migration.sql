-- CreateTable
CREATE TABLE "PinAttemptCounter" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3),
    "lockedUntil" TIMESTAMP(3),

    CONSTRAINT "PinAttemptCounter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PinAttemptCounter_shopId_scope_key" ON "PinAttemptCounter"("shopId", "scope");

-- AddForeignKey
ALTER TABLE "PinAttemptCounter" ADD CONSTRAINT "PinAttemptCounter_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

