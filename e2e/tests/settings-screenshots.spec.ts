import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { adminMutation } from './admin-client.ts';
import { field, group, openEditor, recreateUpstream } from './editor-helpers.ts';
import { test } from './fixtures.ts';

// The editing pages at a desktop width and at a phone's, in the states an operator meets:
// filled in, refused with field errors, refused for a stale copy. Saved as
// e2e/artifacts/screenshots/editor-<state>-<width>.png to be looked at; on a phone nothing is
// wider than the screen.

const WIDTHS = [1_400, 390] as const;
const folder = join(import.meta.dirname, '..', 'artifacts', 'screenshots');
const NAME = 'e2e-editor-shots';
let primary: FakeBackend;
let backup: FakeBackend;
let targetId: string;

test.beforeAll(async () => {
  [primary, backup] = await Promise.all([startFakeBackend({ name: 'shots-a' }), startFakeBackend({ name: 'shots-b' })]);
  const created = await recreateUpstream({
    name: NAME,
    algorithm: 'least-connections',
    healthChecks: { active: { path: '/health', headers: { 'x-probe': 'console' } }, passive: { consecutiveFailures: 3 } },
    targets: [
      {
        host: '127.0.0.1',
        port: primary.port,
        headers: { authorization: 'Bearer sk-shots-0123456789abcdef' },
        healthChecks: { active: { path: '/v1/models' }, passive: { errorRatePct: 30 } },
      },
      { host: '127.0.0.1', port: backup.port, priority: 1, weight: 50 },
    ],
  });
  targetId = created.targets[0]?.id ?? '';
});
test.afterAll(async () => {
  await Promise.all([primary?.close(), backup?.close()]);
});

async function shoot(page: Page, name: string, width: number) {
  await page.screenshot({ path: join(folder, `editor-${name}-${width}.png`), fullPage: true });
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
  expect.soft(overflow, `${name} at ${width} px scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
}

for (const width of WIDTHS) {
  test(`the editing pages at ${width} px wide`, async ({ loggedInPage: page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    await openEditor(page, NAME);
    await shoot(page, 'upstream', width);

    await field(group(page, 'Passive health checks (circuit breaker)'), 'Error rate (%)').fill('120');
    await field(group(page, 'Timeouts'), 'Connect (ms)').fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(field(group(page, 'Timeouts'), 'Connect (ms)')).toBeFocused();
    await shoot(page, 'invalid', width);

    await page.goto(`/upstreams/${NAME}/targets/${targetId}`);
    await expect(page.getByTestId('injected-header-authorization')).toBeVisible();
    await shoot(page, 'target', width);

    await page.goto('/upstreams/new');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await shoot(page, 'create', width);

    await openEditor(page, NAME);
    await field(group(page, 'Retries'), 'Retries').fill('4');
    // Someone else saves meanwhile (a script, another operator).
    await adminMutation('upstreams.update', { name: NAME, changes: { retries: 3, timeouts: { connectMs: 2_000 } } });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByTestId('version-conflict')).toBeVisible();
    await shoot(page, 'conflict', width);
    await page.getByRole('button', { name: 'Reload and discard my edits' }).click();
    await adminMutation('upstreams.update', { name: NAME, changes: { retries: 2, timeouts: { connectMs: 5_000 } } });
  });
}
