import { expect } from '@playwright/test';
import { type BackendMode, type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { recreateUpstream, sendThroughDataPlane } from './admin-client.ts';
import { test } from './fixtures.ts';

// A target's history page in the real console: charts drawn by uPlot from the runtime's
// `targets.history` after real traffic through the data plane, their figures in words, the
// refresh every 10 s, and the target's events beside them.

let backend: FakeBackend;
test.beforeAll(async () => {
  backend = await startFakeBackend({ name: 'history' });
  await recreateUpstream({ name: 'e2e-history', slowStartMs: 0, targets: [{ host: '127.0.0.1', port: backend.port }] });
});
test.afterAll(async () => {
  await backend?.close();
});

const ok: BackendMode = { kind: 'ok' };
const fail500: BackendMode = { kind: 'status', status: 500 };

test('the history charts draw real traffic (p50/p99 TTFB, error rate), refresh every 10 s, with the events beside them', async ({
  loggedInPage: page,
}) => {
  test.setTimeout(90_000);
  // 12 attempts, 2 of them 500s (never two in a row: the circuit stays closed).
  backend.queue(ok, fail500, ok, ok, ok, ok, fail500, ok, ok, ok, ok, ok);
  expect((await sendThroughDataPlane('e2e-history', 12)).filter((status) => status === 500)).toHaveLength(2);

  const address = `127.0.0.1:${backend.port}`;
  const cell = page.getByTestId('upstream-e2e-history').getByTestId(`cell-${address}`);
  await expect(cell).toHaveAttribute('data-state', 'healthy');
  await cell.getByRole('button', { name: `Drain target ${address}` }).click();
  await cell.getByRole('button', { name: `Confirm drain target ${address}` }).click();
  await expect(cell).toHaveAttribute('data-state', 'disabled');
  await cell.getByRole('button', { name: `Enable target ${address}` }).click();
  await expect(cell).toHaveAttribute('data-state', 'healthy');

  await cell.getByRole('link', { name: `History of target ${address}` }).click();
  await expect(page).toHaveURL(/\/targets\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(address);

  const latency = page.getByTestId('chart-latency');
  const errors = page.getByTestId('chart-error-rate');
  // Drawn by uPlot itself: its draw hook counts the values it was given (p50 and p99 per busy slot).
  await expect(latency.locator('.history-plot')).toHaveAttribute('data-drawn-points', /^[1-9]\d*$/);
  await expect(errors.locator('.history-plot')).toHaveAttribute('data-drawn-points', /^[1-9]\d*$/);
  await expect(latency.locator('canvas')).toHaveCount(1);
  await expect(page.getByRole('img', { name: 'Time to first byte, last 15 minutes' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Error rate, last 15 minutes' })).toBeVisible();

  // The figures in words: the screen reader's view of the charts.
  await expect(latency.getByTestId('chart-latency-summary')).toHaveText(
    /^Latest \(.+\): p50 (<1 ms|\d+ ms), p99 (<1 ms|\d+ ms)\. Highest p99 in 15 min: (<1 ms|\d+ ms)\.$/,
  );
  await expect(errors.getByTestId('chart-error-rate-summary')).toHaveText(/Last 15 min: 12 requests, 2 failures\.$/);

  // The target's own events, beside the charts: the drain and the enable.
  const timeline = page.getByTestId('target-timeline');
  await expect(timeline.getByTestId('timeline-event').filter({ hasText: 'draining' }).first()).toBeVisible();
  await expect(timeline.getByTestId('timeline-event').filter({ hasText: 'enabled' }).first()).toBeVisible();
  await expect(timeline.getByTestId('timeline-event').and(page.locator('[data-kind="admin"]'))).not.toHaveCount(0);

  // New traffic shows on the next refresh (every 10 s), without reloading the page.
  backend.queue(ok, ok, ok, fail500, ok);
  await sendThroughDataPlane('e2e-history', 5);
  await expect(errors.getByTestId('chart-error-rate-summary')).toHaveText(/Last 15 min: 17 requests, 3 failures\.$/, { timeout: 25_000 });
});

test('an unknown target id says so', async ({ loggedInPage: page }) => {
  await page.goto('/targets/no-such-target');
  await expect(page.getByRole('alert').filter({ hasText: 'No target with id' })).toContainText('No target with id “no-such-target”');
});
