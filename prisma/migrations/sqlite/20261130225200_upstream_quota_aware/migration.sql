-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Upstream" (
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
    "quotaAware" BOOLEAN NOT NULL DEFAULT true,
    "activeHealthCheck" TEXT,
    "passiveHealthCheck" TEXT NOT NULL,
    "proxyHost" TEXT,
    "proxyPort" INTEGER,
    "proxyUsername" TEXT,
    "proxyPassword" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Upstream" ("activeHealthCheck", "algorithm", "bodyIdleTimeoutMs", "connectTimeoutMs", "createdAt", "drainTimeoutMs", "failOpen", "hashOn", "headersTimeoutMs", "id", "name", "overprovisioningFactor", "passiveHealthCheck", "proxyHost", "proxyPassword", "proxyPort", "proxyUsername", "retries", "retryBudgetPct", "retryBufferBytes", "retryOn", "slowStartMs", "totalTimeoutMs", "updatedAt", "version") SELECT "activeHealthCheck", "algorithm", "bodyIdleTimeoutMs", "connectTimeoutMs", "createdAt", "drainTimeoutMs", "failOpen", "hashOn", "headersTimeoutMs", "id", "name", "overprovisioningFactor", "passiveHealthCheck", "proxyHost", "proxyPassword", "proxyPort", "proxyUsername", "retries", "retryBudgetPct", "retryBufferBytes", "retryOn", "slowStartMs", "totalTimeoutMs", "updatedAt", "version" FROM "Upstream";
DROP TABLE "Upstream";
ALTER TABLE "new_Upstream" RENAME TO "Upstream";
CREATE UNIQUE INDEX "Upstream_name_key" ON "Upstream"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
