-- CreateTable
CREATE TABLE "Node" (
    "id" TEXT NOT NULL,
    "adminUrl" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "configVersion" INTEGER NOT NULL,
    "ready" BOOLEAN NOT NULL,
    "requestsPerSecond" DOUBLE PRECISION NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "Node_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Node_lastSeenAt_idx" ON "Node"("lastSeenAt");
