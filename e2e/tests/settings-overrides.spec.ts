import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { field, getUpstream, recreateUpstream } from './editor-helpers.ts';
import { test } from './fixtures.ts';

// A per-target override set in the browser and seen to act: one target probed on its own path
// while the other keeps the upstream's, then reset to inherited. The fake backends count
// probes of /health apart from every other request, so the path a probe took is visible.

const NAME = 'e2e-overrides';
let a: FakeBackend;
let b: FakeBackend;

test.beforeAll(async () => {
  [a, b] = await Promise.all([startFakeBackend({ name: 'override-a' }), startFakeBackend({ name: 'override-b' })]);
  await recreateUpstream({
    name: NAME,
    slowStartMs: 0,
    healthChecks: { active: { path: '/health', healthy: { intervalMs: 200 }, unhealthy: { intervalMs: 200 } } },
    targets: [
      { host: '127.0.0.1', port: a.port },
      { host: '127.0.0.1', port: b.port },
    ],
  });
});
test.afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

const targetOf = async (backend: FakeBackend) => {
  const target = (await getUpstream(NAME)).targets.find((t) => t.port === backend.port);
  if (!target) throw new Error(`no target on port ${backend.port}`);
  return target;
};

async function saveTarget(page: Page) {
  await page.getByRole('button', { name: 'Save target' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
}

/** Waits for `count` more probes of /health on `backend`, and as many other requests on `other`. */
async function probesGoOn(backend: FakeBackend, count: number) {
  const from = backend.probes.count;
  await expect.poll(() => backend.probes.count - from, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
}

test("a probe path set on one target alone is where that target's probes go, until it is reset to inherited", async ({
  loggedInPage: page,
}) => {
  await Promise.all([probesGoOn(a, 2), probesGoOn(b, 2)]);
  await page.goto(`/upstreams/${NAME}`);
  await page.getByRole('link', { name: /^Configure target 2/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: `127.0.0.1:${b.port}` })).toBeVisible();

  await field(page, 'Active checks of its own').check();
  const path = page.getByTestId('override-healthChecks.active.path');
  await expect(path.getByRole('cell').first()).toHaveText('/health'); // what it inherits
  await path.getByRole('button', { name: 'Override Path' }).click();
  await expect(field(page, 'Path for this target')).toBeFocused();
  await field(page, 'Path for this target').fill('/v1/models');
  await saveTarget(page);
  expect((await targetOf(b)).healthChecks).toEqual({ active: { path: '/v1/models' } });
  expect((await targetOf(a)).healthChecks).toEqual({});

  // B's probes now ask for /v1/models (served, not counted as /health probes); A's go on as before.
  const bProbes = b.probes.count;
  const bServed = b.served;
  await probesGoOn(a, 3);
  expect(b.served - bServed).toBeGreaterThanOrEqual(2);
  expect(b.probes.count - bProbes).toBeLessThanOrEqual(1); // one may have been in flight at the save
  await expect(page.getByTestId('target-live-state')).toHaveAttribute('data-state', 'healthy');

  await page.reload();
  await expect(field(page, 'Path for this target')).toHaveValue('/v1/models');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await path.getByRole('button', { name: 'Reset Path to inherited' }).click();
  await expect(path.getByRole('button', { name: 'Override Path' })).toBeVisible();
  await field(page, 'Active checks of its own').uncheck();
  await saveTarget(page);
  expect((await targetOf(b)).healthChecks).toEqual({});
  await probesGoOn(b, 3);
});

test('a passive override is set and reset to inherited', async ({ loggedInPage: page }) => {
  await page.goto(`/upstreams/${NAME}/targets/${(await targetOf(a)).id}`);
  const row = page.getByTestId('override-healthChecks.passive.consecutiveFailures');
  await row.getByRole('button', { name: 'Override Consecutive failures' }).click();
  await field(page, 'Consecutive failures for this target').fill('9');
  await saveTarget(page);
  expect((await targetOf(a)).healthChecks).toEqual({ passive: { consecutiveFailures: 9 } });

  await page.reload();
  await expect(field(page, 'Consecutive failures for this target')).toHaveValue('9');
  await row.getByRole('button', { name: 'Reset Consecutive failures to inherited' }).click();
  await saveTarget(page);
  expect((await targetOf(a)).healthChecks).toEqual({});
  await page.reload();
  await expect(row.getByRole('button', { name: 'Override Consecutive failures' })).toBeVisible();
});
