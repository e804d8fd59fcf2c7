import { randomBytes } from 'node:crypto';
import { expect, type Page, type Response } from '@playwright/test';
import { type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { field, getUpstream, recreateUpstream } from './editor-helpers.ts';
import { test } from './fixtures.ts';
import { stack } from './stack.ts';
import { readStackLogs } from './stack-logs.ts';

// An API key typed into the browser as an injected header reaches the backend through the data
// plane, and is never seen again: not on any page, in no response the browser received, in
// neither process's log. Only the mask's last four characters may show (long secrets only).

const NAME = 'e2e-secrets';
let backend: FakeBackend;
let targetId: string;

test.beforeAll(async () => {
  backend = await startFakeBackend({ name: 'secrets-backend' });
  const created = await recreateUpstream({ name: NAME, slowStartMs: 0, targets: [{ host: '127.0.0.1', port: backend.port }] });
  targetId = created.targets[0]?.id ?? '';
});
test.afterAll(async () => {
  await backend?.close();
});

/** A key no page, response or log could hold by chance. */
const newKey = () => `sk-e2e-${randomBytes(18).toString('hex')}`;

/** Every response body the page receives (streams aside: the live grid's, which carries no config). */
function recordResponses(page: Page): () => Promise<string[]> {
  const pending: Array<Promise<string>> = [];
  const record = (response: Response) => {
    if ((response.headers()['content-type'] ?? '').includes('text/event-stream')) return;
    pending.push(
      response.body().then(
        (body) => `${response.url()}\n${body.toString('utf8')}`,
        () => '',
      ),
    );
  };
  page.on('response', record);
  return () => Promise.all(pending);
}

/** What the backend saw of a request sent through the data plane. */
async function headerAtBackend(name: string): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${stack.dataPort}/u/${NAME}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [name]: 'from-the-caller' },
    body: JSON.stringify({ model: 'fake' }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { echo: { headers: Record<string, unknown> } };
  return body.echo.headers[name];
}

async function saveTarget(page: Page) {
  await page.getByRole('button', { name: 'Save target' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
}

/** Neither the page's markup nor any input's value holds `secret`, nor a long piece of it. */
async function expectNotOnPage(page: Page, secret: string) {
  const html = await page.content();
  // A string: this package's TypeScript knows no DOM.
  const values = (await page.evaluate("[...document.querySelectorAll('input, textarea')].map((input) => input.value)")) as string[];
  for (const text of [html, ...values]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(0, 16));
  }
}

test('an injected API key reaches the backend and is never shown, sent back or logged', async ({ loggedInPage: page }) => {
  const responses = recordResponses(page);
  const first = newKey();
  const second = newKey();

  await page.goto(`/upstreams/${NAME}/targets/${targetId}`);
  await page.getByRole('button', { name: 'Add header' }).click();
  await field(page, 'Injected header 1').fill('X-Api-Key');
  await field(page, 'Injected header 1 value').fill(first);
  await expect(field(page, 'Injected header 1 value')).toHaveAttribute('type', 'password');
  await saveTarget(page);
  const stored = page.getByTestId('injected-header-x-api-key');
  await expect(stored).toContainText(`••••${first.slice(-4)}`);
  expect(await headerAtBackend('x-api-key')).toBe(first); // replaces the caller's
  await expectNotOnPage(page, first);

  // "Replace value": a new key, typed once.
  await stored.getByRole('button', { name: 'Replace the value of x-api-key' }).click();
  await field(page, 'New value of x-api-key').fill(second);
  await saveTarget(page);
  expect(await headerAtBackend('x-api-key')).toBe(second);
  await page.reload();
  await expect(page.getByTestId('injected-header-x-api-key')).toContainText(`••••${second.slice(-4)}`);
  await page.goto(`/upstreams/${NAME}`);
  await expect(page.getByTestId('target-row-0')).toContainText('1 header');
  for (const secret of [first, second]) await expectNotOnPage(page, secret);

  const bodies = await responses();
  expect(bodies.some((body) => body.includes('/api/trpc/'))).toBe(true);
  const logs = readStackLogs();
  for (const secret of [first, second]) {
    for (const body of bodies) expect(body).not.toContain(secret.slice(0, 16));
    expect(logs.runtime).not.toContain(secret.slice(0, 16));
    expect(logs.console).not.toContain(secret.slice(0, 16));
  }
  // The logs are there and hold this test's traffic: the access log line of the data plane.
  expect(logs.runtime).toContain(NAME);

  // Removed in the browser, it stops being sent.
  await page.goto(`/upstreams/${NAME}/targets/${targetId}`);
  await page.getByRole('button', { name: 'Remove header x-api-key' }).click();
  await saveTarget(page);
  expect(await headerAtBackend('x-api-key')).toBe('from-the-caller');
  expect((await getUpstream(NAME)).targets[0]?.headers).toEqual({});
});
