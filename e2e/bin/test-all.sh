#!/usr/bin/env bash
# Every test of the project: the house rules (pnpm lint: format and lint), typecheck, unit +
# integration (vitest: core, runtime, prisma on SQLite and PostgreSQL) and the browser tests
# (Playwright, real console, real runtime).
# Installs what the tests need when missing (Chromium, PostgreSQL). Ends with one line:
# "Total: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
export NEXT_TELEMETRY_DISABLED=1
results=.tmp/test-results
rm -rf "$results" && mkdir -p "$results"

# The house rules first: a violation fails in a second, before anything slow.
pnpm run lint || { echo "pnpm lint failed: the house rules above are broken (pnpm format fixes formatting; docs/development.md lists the rules)"; exit 1; }

bash e2e/bin/ensure-system-packages.sh || { echo "could not install the test packages (chromium, openssl, haproxy)"; exit 1; }
TEST_POSTGRES_URL=$(bash e2e/bin/ensure-postgres.sh) || { echo "could not provide PostgreSQL"; exit 1; }
export TEST_POSTGRES_URL
echo "PostgreSQL for tests: $TEST_POSTGRES_URL"

set -e
pnpm run build
pnpm run typecheck
set +e

status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || status=1
PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/$results/playwright.json" pnpm --filter @headwater/e2e exec playwright test --reporter=list,json || status=1

node e2e/bin/summarize.mjs "$results" || status=1
exit $status
