import { expect, type Page } from '@playwright/test';
import { startFakeBackend, type FakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { test } from './fixtures.ts';
import { stack } from './stack.ts';

// The real console in a real browser against the real runtime, with two real fake AI
// backends on loopback.

let a: FakeBackend;
let b: FakeBackend;
test.beforeAll(async () => {
  [a, b] = await Promise.all([startFakeBackend({ name: 'backend-a' }), startFakeBackend({ name: 'backend-b' })]);
});
test.afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

async function fillTarget(page: Page, index: number, host: string, port: number, weight: number) {
  const row = page.getByTestId(`target-row-${index}`);
  await row.getByLabel('Host').fill(host);
  await row.getByLabel('Port').fill(String(port));
  await row.getByLabel('Weight').fill(String(weight));
}

/** Sends requests through the runtime's data plane and counts which backend answered each. */
async function spread(upstream: string, count: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let index = 0; index < count; index++) {
    const response = await fetch(`http://127.0.0.1:${stack.dataPort}/u/${upstream}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    const backend = response.headers.get('x-backend') ?? 'none';
    counts[backend] = (counts[backend] ?? 0) + 1;
    await response.arrayBuffer();
  }
  return counts;
}

test('an operator creates an upstream with two targets, sees them Healthy, and traffic follows the weights', async ({
  loggedInPage: page,
}) => {
  await page.goto('/upstreams/new');
  await page.getByLabel('Name').fill('e2e-pool');
  await page.getByLabel('Slow start (ms)').fill('0');
  await fillTarget(page, 0, '127.0.0.1', a.port, 300);
  await page.getByRole('button', { name: 'Add target' }).click();
  await fillTarget(page, 1, '127.0.0.1', b.port, 100);
  await page.getByRole('button', { name: 'Create upstream' }).click();
  await expect(page).toHaveURL(/\/$/);

  const panel = page.getByTestId('upstream-e2e-pool');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  await expect(panel.getByTestId(`cell-127.0.0.1:${a.port}`)).toHaveAttribute('data-state', 'healthy');
  await expect(panel.getByTestId(`cell-127.0.0.1:${b.port}`)).toHaveAttribute('data-state', 'healthy');

  // Smooth weighted round-robin: exactly 3:1 over whole cycles.
  expect(await spread('e2e-pool', 40)).toEqual({ 'backend-a': 30, 'backend-b': 10 });

  await page.screenshot({ path: 'artifacts/console-grid.png', fullPage: true });
});

test('the live grid follows an edit made in another tab, without a reload', async ({ loggedInPage: page, context }) => {
  const cell = page.getByTestId('upstream-e2e-pool').getByTestId(`cell-127.0.0.1:${b.port}`);
  await expect(cell).toHaveAttribute('data-state', 'healthy');

  const editor = await context.newPage();
  await editor.goto('/upstreams/e2e-pool');
  const row = editor.getByTestId('target-row-1');
  await expect(row.getByLabel('Port')).toHaveValue(String(b.port));
  await row.getByLabel('Admin state').selectOption('disabled');
  await editor.getByRole('button', { name: 'Update target 2' }).click();

  await expect(cell).toHaveAttribute('data-state', 'disabled');
  expect(await spread('e2e-pool', 8)).toEqual({ 'backend-a': 8 });
});

test('an invalid target is refused with the field and the rule, and nothing is stored', async ({ loggedInPage: page }) => {
  await page.goto('/upstreams/new');
  await page.getByLabel('Name').fill('e2e-invalid');
  await fillTarget(page, 0, '127.0.0.1', 70_000, 100);
  await page.getByRole('button', { name: 'Create upstream' }).click();
  const port = page.getByTestId('target-row-0').getByLabel('Port');
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('target-row-0').getByRole('alert')).toContainText('must be at most 65535');
  await page.goto('/');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  await expect(page.getByTestId('upstream-e2e-invalid')).toHaveCount(0);
  const stored = await fetch(`http://127.0.0.1:${stack.adminPort}/trpc/upstreams.list`, {
    headers: { authorization: `Bearer ${stack.token}` },
  });
  expect(JSON.stringify(await stored.json())).not.toContain('e2e-invalid');
});
