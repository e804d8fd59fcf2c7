-- CreateTable
CREATE TABLE "Upstream" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "hashOn" TEXT,
    "retries" INTEGER NOT NULL,
    "retryOn" TEXT NOT NULL,
    "retryBudgetPct" INTEGER NOT NULL,
    "retryBufferBytes" INTEGER NOT NULL,
    "connectTimeoutMs" INTEGER NOT NULL,
    "headersTimeoutMs" INTEGER NOT NULL,
    "bodyIdleTimeoutMs" INTEGER NOT NULL,
    "totalTimeoutMs" INTEGER NOT NULL,
    "slowStartMs" INTEGER NOT NULL,
    "overprovisioningFactor" REAL NOT NULL,
    "drainTimeoutMs" INTEGER NOT NULL,
    "failOpen" BOOLEAN NOT NULL,
    "activeHealthCheck" TEXT,
    "passiveHealthCheck" TEXT NOT NULL,
    "proxyHost" TEXT,
    "proxyPort" INTEGER,
    "proxyUsername" TEXT,
    "proxyPassword" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "upstreamId" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "protocol" TEXT NOT NULL,
    "tlsVerify" BOOLEAN NOT NULL,
    "caCert" TEXT,
    "weight" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL,
    "maxInFlight" INTEGER NOT NULL,
    "adminState" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "healthCheckOverrides" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Target_upstreamId_fkey" FOREIGN KEY ("upstreamId") REFERENCES "Upstream" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "node" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "upstream" TEXT NOT NULL,
    "targetId" TEXT,
    "target" TEXT,
    "from" TEXT,
    "to" TEXT NOT NULL,
    "reason" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ConfigVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Upstream_name_key" ON "Upstream"("name");

-- CreateIndex
CREATE INDEX "Target_upstreamId_idx" ON "Target"("upstreamId");

-- CreateIndex
CREATE UNIQUE INDEX "Target_upstreamId_host_port_key" ON "Target"("upstreamId", "host", "port");

-- CreateIndex
CREATE INDEX "Event_at_idx" ON "Event"("at");

-- CreateIndex
CREATE INDEX "Event_upstream_at_idx" ON "Event"("upstream", "at");
