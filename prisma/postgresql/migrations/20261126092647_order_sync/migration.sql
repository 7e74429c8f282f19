-- CreateTable
CREATE TABLE "OrderSync" (
    "shopId" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "orderName" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "restocked" TEXT NOT NULL DEFAULT '{}',
    "lastTopic" TEXT NOT NULL,

    CONSTRAINT "OrderSync_pkey" PRIMARY KEY ("shopId","orderGid")
);

-- AddForeignKey
ALTER TABLE "OrderSync" ADD CONSTRAINT "OrderSync_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

