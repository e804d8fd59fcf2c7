-- AlterTable
ALTER TABLE "Upstream" ADD COLUMN     "quotaAware" BOOLEAN NOT NULL DEFAULT true;
