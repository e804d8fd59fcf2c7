import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PrivatePostgres, startPrivatePostgres } from '@headwater/runtime/test-support/private-postgres';
import { expect } from '@playwright/test';
import { expectNoSeriousViolations } from './axe.ts';
import { test } from './fixtures.ts';
import type { SpecProcess } from './processes.ts';
import { startConsoleServer, startRuntimeNode } from './runtime-processes.ts';

// The database stopped under a running node, seen in the console: a banner on every page with
// the node's own words (it serves its last good config, refuses admin writes), gone once the
// database is back. A private PostgreSQL cluster, so the shared server is never touched.

const ports = { postgres: 55_190, data: 18_190, admin: 18_191, console: 13_101 } as const;
test.use({ baseURL: `http://127.0.0.1:${ports.console}` });

let postgres: PrivatePostgres;
let dataDir: string;
const started: SpecProcess[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  postgres = await startPrivatePostgres({ port: ports.postgres });
  dataDir = mkdtempSync(join(tmpdir(), 'headwater-e2e-outage-'));
  const node = await startRuntimeNode({ id: 'outage-node', data: ports.data, admin: ports.admin, databaseUrl: postgres.url, dataDir });
  started.push(node.process);
  started.push((await startConsoleServer(ports.console, node.adminUrl)).process);
});

test.afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
  await postgres?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('a banner on every page says the database is unreachable, in the node’s words, until it is back', async ({ loggedInPage: page }) => {
  test.setTimeout(60_000);
  const banner = page.getByTestId('database-banner');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  await expect(banner).toHaveCount(0);

  await postgres.stop('fast');
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toHaveText(
    /^Node outage-node: database unreachable since \d\d:\d\d:\d\d( UTC)?: serving config version \d+; admin writes are refused$/,
  );
  await expect(banner).toHaveRole('alert');
  await page.screenshot({ path: 'artifacts/database-outage.png', fullPage: true });
  await expectNoSeriousViolations(page);

  // On every page, not only the grid.
  await page.getByRole('link', { name: 'Nodes' }).click();
  await expect(page).toHaveURL(/\/nodes$/);
  await expect(banner).toBeVisible();

  await postgres.start();
  await expect(banner).toHaveCount(0, { timeout: 15_000 });
});
