import { expect } from '@playwright/test';
import { startFakeBackend, type FakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { test } from './fixtures.ts';
import { stack } from './stack.ts';

// Target actions from the console against the real runtime: a drain with a stream in flight,
// watched in the live grid and found again in the event log.

let slow: FakeBackend;
let steady: FakeBackend;

/** A tRPC call straight to the runtime's admin API: mutations are POSTs, queries GETs. */
const admin = async (procedure: string, input: unknown, kind: 'mutation' | 'query' = 'mutation') => {
  const url = `http://127.0.0.1:${stack.adminPort}/trpc/${procedure}`;
  const headers = { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' };
  const response =
    kind === 'query'
      ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(url, { method: 'POST', headers, body: JSON.stringify(input) });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { result: { data: unknown } }).result.data;
};

test.beforeAll(async () => {
  // 20 SSE chunks 150 ms apart: a 3 s stream keeps the drained target busy long enough to see it Draining.
  [slow, steady] = await Promise.all([startFakeBackend({ name: 'slow', chunkDelayMs: 150 }), startFakeBackend({ name: 'steady' })]);
  // Stored before the operator logs in: the grid shows it from its first snapshot.
  await admin('upstreams.create', {
    name: 'e2e-actions',
    slowStartMs: 0,
    targets: [
      { host: '127.0.0.1', port: slow.port },
      { host: '127.0.0.1', port: steady.port, priority: 1 },
    ],
  });
});
test.afterAll(async () => {
  await Promise.all([slow?.close(), steady?.close()]);
});

test('an operator drains a target with a stream in flight: Draining, then Disabled, and the event log shows both', async ({
  loggedInPage: page,
}) => {
  const address = `127.0.0.1:${slow.port}`;
  const cell = page.getByTestId('upstream-e2e-actions').getByTestId(`cell-${address}`);
  await expect(cell).toHaveAttribute('data-state', 'healthy');
  await expect(cell.getByTestId('circuit')).toHaveAttribute('data-circuit', 'closed');
  await expect(cell.getByTestId('last-probe')).toContainText('checks off');

  // Priority 0 is the slow target: the stream goes there.
  const stream = await fetch(`http://127.0.0.1:${stack.dataPort}/u/e2e-actions/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fake', stream: true, chunks: 20 }),
  });
  expect(stream.headers.get('x-backend')).toBe('slow');

  await cell.getByRole('button', { name: `Drain target ${address}` }).click();
  await cell.getByRole('button', { name: `Confirm drain target ${address}` }).click();
  await expect(cell).toHaveAttribute('data-state', 'draining');
  await expect(cell.getByTestId('drain-left')).toBeVisible();
  await expect(cell.getByTestId('action-result')).toHaveText('target draining');
  await expect(cell.getByRole('button', { name: `Enable target ${address}` })).toBeVisible();
  await page.screenshot({ path: 'artifacts/actions-draining.png', fullPage: true });

  // New requests go to the other tier while the stream goes on.
  const during = await fetch(`http://127.0.0.1:${stack.dataPort}/u/e2e-actions/v1/chat/completions`, { method: 'POST', body: '{}' });
  expect(during.headers.get('x-backend')).toBe('steady');
  await during.arrayBuffer();

  expect(await stream.text()).toContain('data: [DONE]');
  await expect(cell).toHaveAttribute('data-state', 'disabled');
  await expect(cell.getByTestId('drain-left')).toHaveCount(0);

  await page.getByRole('link', { name: 'Event log' }).click();
  await expect(page).toHaveURL(/\/events$/);
  await page.getByLabel('Upstream').selectOption('e2e-actions');
  const admins = page.getByTestId('event-row').and(page.locator(`[data-kind="admin"][data-target="${address}"]`));
  await expect(admins).toHaveCount(2);
  // Newest first: the drain's end above the operator's drain.
  await expect(admins.nth(0)).toContainText('draining → disabled');
  await expect(admins.nth(0)).toContainText('drained: nothing in flight');
  await expect(admins.nth(1)).toContainText('enabled → draining');
  await expect(admins.nth(1)).toContainText('set by operator');
  await expect(page.getByTestId('event-row').and(page.locator(':not([data-upstream="e2e-actions"])'))).toHaveCount(0);
  await page.screenshot({ path: 'artifacts/events.png', fullPage: true });

  // The log refreshes by itself: an action taken elsewhere shows up without a reload.
  const [target] = (
    (await admin('upstreams.get', { name: 'e2e-actions' }, 'query')) as { targets: Array<{ id: string; port: number }> }
  ).targets.filter((t) => t.port === slow.port);
  await admin('targets.enable', { id: target!.id });
  await expect(admins).toHaveCount(3);
  await expect(admins.nth(0)).toContainText('disabled → enabled');
});
