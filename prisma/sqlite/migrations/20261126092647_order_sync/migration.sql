-- CreateTable
CREATE TABLE "OrderSync" (
    "shopId" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "orderName" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    "restocked" TEXT NOT NULL DEFAULT '{}',
    "lastTopic" TEXT NOT NULL,

    PRIMARY KEY ("shopId", "orderGid"),
    CONSTRAINT "OrderSync_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

