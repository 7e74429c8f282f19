-- AlterTable
-- Written as an ADD COLUMN (not the table rebuild Prisma proposes for SQLite): a rebuild would drop
-- the table's append-only and no-reuse triggers.
ALTER TABLE "MaterialMethodChange" ADD COLUMN "retrospective" BOOLEAN NOT NULL DEFAULT false;
