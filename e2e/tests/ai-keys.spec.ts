import { expect, type Locator, type Page } from '@playwright/test';
import { type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { field, recreateUpstream } from './editor-helpers.ts';
import { test } from './fixtures.ts';
import { stack } from './stack.ts';

// A target whose API key the service stops accepting is the target's config failing, not the
// caller's request: from its first 401 no caller sees a 401 (the request moves on to the other
// target), the grid says "credentials rejected (401)" within a second, and the target comes
// back once its key is replaced in the console, or once an operator clears the fact (a 402
// fixed at the service: the bill paid).

const NAME = 'e2e-ai-keys';
const KEY_A = 'sk-e2e-key-of-a-0123456789';
const KEY_B = 'sk-e2e-key-of-b-0123456789';
const NEW_KEY_A = 'sk-e2e-rotated-key-of-a-9876543210';
/** How soon after a target's first refusal the grid must say so. */
const SHOWN_WITHIN_MS = 1_000;

let a: FakeBackend;
let b: FakeBackend;
let targetA: string;

test.beforeAll(async () => {
  [a, b] = await Promise.all([startFakeBackend({ name: 'keys-a', apiKey: KEY_A }), startFakeBackend({ name: 'keys-b', apiKey: KEY_B })]);
  const created = await recreateUpstream({
    name: NAME,
    // No retries: moving on from a target that refused its own key is not a retry.
    retries: 0,
    slowStartMs: 0,
    targets: [
      { host: '127.0.0.1', port: a.port, headers: { authorization: `Bearer ${KEY_A}` } },
      { host: '127.0.0.1', port: b.port, headers: { authorization: `Bearer ${KEY_B}` } },
    ],
  });
  targetA = created.targets.find((target) => target.port === a.port)?.id ?? '';
});
test.afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

type Answer = { status: number; backend: string | null; attempts: string | null };

/** One chat completion through the data plane, as a caller with a key of its own would send it. */
async function ask(): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${stack.dataPort}/u/${NAME}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-callers-own-key' },
    body: JSON.stringify({ model: 'fake' }),
  });
  await response.arrayBuffer();
  return { status: response.status, backend: response.headers.get('x-backend'), attempts: response.headers.get('x-headwater-attempts') };
}

/** Sends requests one after another until `reached` holds (at most `limit`); every answer, and when the last one was sent. */
async function askUntil(reached: () => boolean, limit = 8): Promise<{ answers: Answer[]; lastSentAt: number }> {
  const answers: Answer[] = [];
  let lastSentAt = 0;
  while (!reached() && answers.length < limit) {
    lastSentAt = Date.now();
    answers.push(await ask());
  }
  expect(reached(), `not reached after ${answers.length} requests`).toBe(true);
  return { answers, lastSentAt };
}

async function askTimes(count: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let index = 0; index < count; index++) answers.push(await ask());
  return answers;
}

const statuses = (answers: readonly Answer[]) => answers.map((answer) => answer.status);

/** The grid, live, with both targets healthy. */
async function healthyGrid(page: Page): Promise<{ cellA: Locator; addressA: string }> {
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  const panel = page.getByTestId(`upstream-${NAME}`);
  const addressA = `127.0.0.1:${a.port}`;
  const cellA = panel.getByTestId(`cell-${addressA}`);
  await expect(cellA).toHaveAttribute('data-state', 'healthy');
  await expect(panel.getByTestId(`cell-127.0.0.1:${b.port}`)).toHaveAttribute('data-state', 'healthy');
  await expect(cellA).not.toContainText('credentials rejected');
  return { cellA, addressA };
}

/** A is back: healthy, nothing rejected, nothing to clear, and it answers callers itself again. */
async function expectServingAgain(cellA: Locator, addressA: string): Promise<void> {
  await expect(cellA).toHaveAttribute('data-state', 'healthy');
  await expect(cellA).not.toContainText('credentials rejected');
  await expect(cellA.getByRole('button', { name: `Clear credentials target ${addressA}` })).toHaveCount(0);
  const servedBefore = a.served;
  const refusedBefore = a.unauthorized;
  const answers = await askTimes(6);
  expect(statuses(answers)).toEqual(Array(6).fill(200));
  expect(answers.filter((answer) => answer.backend === 'keys-a').length).toBeGreaterThanOrEqual(2);
  expect(a.served).toBeGreaterThan(servedBefore);
  expect(a.unauthorized).toBe(refusedBefore);
}

test('a revoked key: no caller sees its 401, the grid says so within 1 s, and a key replaced in the console brings the target back', async ({
  loggedInPage: page,
}) => {
  const { cellA, addressA } = await healthyGrid(page);
  expect(a.unauthorized).toBe(0);

  // The service revokes A's key: the stored one is refused from now on.
  a.setApiKey(NEW_KEY_A);
  const { answers: untilRefused, lastSentAt } = await askUntil(() => a.unauthorized > 0);
  // The deadline runs from when the request that met the 401 was sent, so it is never generous.
  const left = () => ({ timeout: Math.max(1, SHOWN_WITHIN_MS - (Date.now() - lastSentAt)) });
  await expect(cellA.getByTestId('reasons')).toContainText('credentials rejected (401)', left());
  await expect(cellA).toHaveAttribute('data-state', 'unhealthy', left());
  test.info().annotations.push({ type: 'credentials rejected shown after', description: `${Date.now() - lastSentAt} ms` });

  expect(a.unauthorized).toBe(1);
  expect(statuses(untilRefused)).toEqual(Array(untilRefused.length).fill(200));
  // The request that met the 401 was answered by B, on a second attempt.
  expect(untilRefused.at(-1)).toEqual({ status: 200, backend: 'keys-b', attempts: '2' });
  await expect(cellA.getByRole('button', { name: `Clear credentials target ${addressA}` })).toBeVisible();
  await cellA.screenshot({ path: 'artifacts/ai-keys-rejected.png' });

  // Out of rotation: B answers everything, and A is not asked again.
  const meanwhile = await askTimes(10);
  expect(statuses(meanwhile)).toEqual(Array(10).fill(200));
  expect(new Set(meanwhile.map((answer) => answer.backend))).toEqual(new Set(['keys-b']));
  expect(a.unauthorized).toBe(1);

  // The operator replaces the key in the console.
  await page.goto(`/upstreams/${NAME}/targets/${targetA}`);
  await page.getByTestId('injected-header-authorization').getByRole('button', { name: 'Replace the value of authorization' }).click();
  await field(page, 'New value of authorization').fill(`Bearer ${NEW_KEY_A}`);
  await page.getByRole('button', { name: 'Save target' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await page.goto('/');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  await expectServingAgain(cellA, addressA);
});

test('"Clear credentials" brings back a target whose refusal was fixed at the service (402: the bill paid)', async ({
  loggedInPage: page,
}) => {
  const { cellA, addressA } = await healthyGrid(page);

  // A's next answer is 402 Payment Required, to the key it is configured with.
  a.queue({ kind: 'status', status: 402 });
  const servedBefore = a.served;
  const { answers, lastSentAt } = await askUntil(() => a.served > servedBefore);
  await expect(cellA.getByTestId('reasons')).toContainText('credentials rejected (402 payment required)', {
    timeout: Math.max(1, SHOWN_WITHIN_MS - (Date.now() - lastSentAt)),
  });
  expect(statuses(answers)).toEqual(Array(answers.length).fill(200));
  expect(answers.at(-1)).toEqual({ status: 200, backend: 'keys-b', attempts: '2' });
  await expect(cellA).toHaveAttribute('data-state', 'unhealthy');

  // Until cleared, A takes nothing.
  const servedWhileRejected = a.served;
  expect(statuses(await askTimes(4))).toEqual([200, 200, 200, 200]);
  expect(a.served).toBe(servedWhileRejected);

  await cellA.getByRole('button', { name: `Clear credentials target ${addressA}` }).click();
  await expect(cellA.getByTestId('action-result-text')).toHaveText('credentials cleared on 1 of 1 node');
  await expectServingAgain(cellA, addressA);
});
