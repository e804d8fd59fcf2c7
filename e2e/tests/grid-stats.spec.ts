import { expect } from '@playwright/test';
import { startFakeBackend, type BackendMode, type FakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { test } from './fixtures.ts';
import { stack } from './stack.ts';

// The grid's traffic figures (last 60 s) in the real console: a primary that answers some
// 500s and 503s (the 503s retried at the backup in priority 1), read back from the cells and
// the upstream's tier shares.

let primary: FakeBackend;
let backup: FakeBackend;
test.beforeAll(async () => {
  [primary, backup] = await Promise.all([startFakeBackend({ name: 'stats-primary' }), startFakeBackend({ name: 'stats-backup' })]);
});
test.afterAll(async () => {
  await Promise.all([primary?.close(), backup?.close()]);
});

async function send(upstream: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index++) {
    const response = await fetch(`http://127.0.0.1:${stack.dataPort}/u/${upstream}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake' }),
    });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

test("each cell shows its success rate, requests and p50/p99 TTFB; the upstream shows each tier's share", async ({
  loggedInPage: page,
}) => {
  await page.goto('/upstreams/new');
  await page.getByLabel('Name').fill('e2e-stats');
  await page.getByLabel('Slow start (ms)').fill('0');
  const first = page.getByTestId('target-row-0');
  await first.getByLabel('Host').fill('127.0.0.1');
  await first.getByLabel('Port').fill(String(primary.port));
  await page.getByRole('button', { name: 'Add target' }).click();
  const second = page.getByTestId('target-row-1');
  await second.getByLabel('Host').fill('127.0.0.1');
  await second.getByLabel('Port').fill(String(backup.port));
  await second.getByLabel('Priority').fill('1');
  await page.getByRole('button', { name: 'Create upstream' }).click();
  await expect(page).toHaveURL(/\/$/);

  const panel = page.getByTestId('upstream-e2e-stats');
  await expect(panel.getByTestId(`cell-127.0.0.1:${primary.port}`)).toHaveAttribute('data-state', 'healthy');
  await expect(panel.getByTestId(`success-127.0.0.1:${primary.port}`)).toHaveText('–');

  const ok: BackendMode = { kind: 'ok' };
  const fail500: BackendMode = { kind: 'status', status: 500 };
  const fail503: BackendMode = { kind: 'status', status: 503 };
  // 12 requests: 2 × 500 (relayed), 2 × 503 (retried at the backup), 8 successes, never two failures in a row.
  primary.queue(ok, fail500, ok, fail503, ok, ok, fail500, ok, fail503, ok, ok, ok);
  const statuses = await send('e2e-stats', 12);
  expect(statuses.filter((status) => status === 500)).toHaveLength(2);

  // Primary: 8 of 12 succeeded; backup: 2 of 2. Tiers: 12 and 2 of 14 attempts.
  await expect(panel.getByTestId(`success-127.0.0.1:${primary.port}`)).toHaveText('66.7%');
  await expect(panel.getByTestId(`requests-127.0.0.1:${primary.port}`)).toHaveText('12');
  await expect(panel.getByTestId(`success-127.0.0.1:${backup.port}`)).toHaveText('100%');
  await expect(panel.getByTestId(`p99-127.0.0.1:${primary.port}`)).toHaveText(/ms|s$/);
  await expect(panel.getByTestId('tier-share-e2e-stats-0')).toHaveAttribute('data-share', '85.7');
  await expect(panel.getByTestId('tier-share-e2e-stats-1')).toHaveAttribute('data-share', '14.3');
  await expect(panel.getByTestId('tier-share-e2e-stats-0')).toContainText('P0 85.7%');

  await panel.screenshot({ path: 'artifacts/grid-stats.png' });
  await page.screenshot({ path: 'artifacts/console-grid-stats.png', fullPage: true });
});
