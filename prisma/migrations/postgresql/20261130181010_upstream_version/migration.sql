-- AlterTable
ALTER TABLE "Upstream" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
