-- AlterTable
ALTER TABLE "PrintJob" ADD COLUMN     "locationId" TEXT,
ALTER COLUMN "pieceId" DROP NOT NULL;

-- AddForeignKey
ALTER TABLE "PrintJob" ADD CONSTRAINT "PrintJob_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location"("id") ON DELETE CASCADE ON UPDATE CASCADE;

