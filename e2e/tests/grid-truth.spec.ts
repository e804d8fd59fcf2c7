import { expect } from '@playwright/test';
import { type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { recreateUpstream, sendThroughDataPlane } from './admin-client.ts';
import { test } from './fixtures.ts';

// The grid tells the truth, in the real console against the real runtime: a half-open circuit
// shows as such with its 10 % trial share, each tier's computed share stands beside the
// measured one, and a disabled target never awaits a first check.

let primary: FakeBackend;
let backup: FakeBackend;
test.beforeAll(async () => {
  [primary, backup] = await Promise.all([startFakeBackend({ name: 'truth-primary' }), startFakeBackend({ name: 'truth-backup' })]);
  await recreateUpstream({
    name: 'e2e-truth',
    retries: 0,
    slowStartMs: 0,
    // One failure opens the circuit for 1.5 s; then it is half-open until 3 trial requests pass.
    healthChecks: { passive: { consecutiveFailures: 1, baseEjectionMs: 1_500, halfOpenRequests: 3, maxEjectionPct: 100 } },
    targets: [
      { host: '127.0.0.1', port: primary.port },
      { host: '127.0.0.1', port: backup.port, priority: 1 },
    ],
  });
  await recreateUpstream({
    name: 'e2e-disabled',
    // Active checks on: an enabled target would await its first probe; this one is disabled.
    healthChecks: { active: { path: '/health' } },
    targets: [{ host: '127.0.0.1', port: 1, adminState: 'disabled' }],
  });
});
test.afterAll(async () => {
  await Promise.all([primary?.close(), backup?.close()]);
});

test('a half-open circuit shows as half-open with its 10 % trial share; the tiers show computed beside measured shares', async ({
  loggedInPage: page,
}) => {
  const panel = page.getByTestId('upstream-e2e-truth');
  const cell = panel.getByTestId(`cell-127.0.0.1:${primary.port}`);
  await expect(cell).toHaveAttribute('data-state', 'healthy');
  // Both tiers healthy: the spill rule gives everything to priority 0; nothing measured yet.
  await expect(panel.getByTestId('tier-share-e2e-truth-0')).toHaveAttribute('data-computed', '100');
  await expect(panel.getByTestId('tier-share-e2e-truth-1')).toHaveAttribute('data-computed', '0');
  await expect(panel.getByTestId('tier-share-e2e-truth-0')).toContainText('P0 – measured · 100% computed');

  primary.queue({ kind: 'status', status: 500 });
  expect(await sendThroughDataPlane('e2e-truth', 1)).toEqual([500]);

  // Open for 1.5 s, then half-open: Healthy by precedence, but taking trial traffic at 10 %.
  await expect(cell).toHaveAttribute('data-circuit', 'half-open', { timeout: 15_000 });
  await expect(cell).toHaveAttribute('data-state', 'healthy');
  await expect(cell.locator('.badge')).toContainText('Half-open');
  await expect(cell.getByTestId('ramp')).toHaveAttribute('data-ramp', '10');
  await expect(cell.getByTestId('ramp').locator('dt')).toHaveText('Trial share');
  await expect(cell.getByTestId('ramp').locator('dd')).toHaveText('10%');
  await expect(cell.getByTestId('reasons')).toContainText('circuit half-open: 3 trial requests');
  await expect(cell).toHaveAccessibleName(`127.0.0.1:${primary.port}: healthy, circuit half-open: 10% trial share`);

  // The measured share (the one attempt went to P0) beside the computed one: P0's health is its
  // trial share, 10 % × the overprovisioning factor 1.4 = 14 %, and the rest spills to P1.
  const p0 = panel.getByTestId('tier-share-e2e-truth-0');
  const p1 = panel.getByTestId('tier-share-e2e-truth-1');
  await expect(p0).toHaveAttribute('data-share', '100');
  await expect(p0).toHaveAttribute('data-computed', '14');
  await expect(p1).toHaveAttribute('data-computed', '86');
  await expect(p0).toContainText('P0 100% measured · 14% computed');
  await expect(p1).toContainText('P1 0% measured · 86% computed');
});

test('a disabled target never shows "awaiting first check", on the grid or in its details', async ({ loggedInPage: page }) => {
  const cell = page.getByTestId('upstream-e2e-disabled').getByTestId('cell-127.0.0.1:1');
  await expect(cell).toHaveAttribute('data-state', 'disabled');
  await expect(cell.locator('.badge')).toContainText('Disabled');
  await expect(cell.getByTestId('last-probe')).toContainText('none while disabled');
  await expect(cell).not.toContainText('awaiting');
});
