-- CreateTable
CREATE TABLE "Node" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "adminUrl" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "configVersion" INTEGER NOT NULL,
    "ready" BOOLEAN NOT NULL,
    "requestsPerSecond" REAL NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "stoppedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Node_lastSeenAt_idx" ON "Node"("lastSeenAt");
