-- AlterTable
ALTER TABLE "StaffMember" ADD COLUMN     "accountOwner" BOOLEAN;

