import { expect, type Locator } from '@playwright/test';
import { type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { field, getUpstream, group, openEditor, recreateUpstream } from './editor-helpers.ts';
import { test } from './fixtures.ts';

// An invalid value shows its message next to its field, read with it by a screen reader, and
// changes nothing: what is stored (read back through the admin API) stays as it was. Core's
// schema catches most before the round trip; what only the runtime can judge comes back and
// lands on its field the same way.

const NAME = 'e2e-invalid-settings';
let backend: FakeBackend;
let targetId: string;

test.beforeAll(async () => {
  backend = await startFakeBackend({ name: 'invalid-backend' });
  const created = await recreateUpstream({
    name: NAME,
    proxy: { host: '127.0.0.1', port: 3_128, username: 'ops', password: 'proxy-pass-e2e' },
    targets: [{ host: '127.0.0.1', port: backend.port }],
  });
  targetId = created.targets[0]?.id ?? '';
});
test.afterAll(async () => {
  await backend?.close();
});

/** The control is marked invalid and its message is tied to it, and says `message`. */
async function expectFieldError(control: Locator, message: string) {
  await expect(control).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await control.getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
  expect(errorId, `aria-describedby="${describedBy}"`).toBeDefined();
  await expect(control.page().locator(`[id="${errorId}"]`)).toHaveText(message);
}

test('values core refuses are named on their fields before anything is sent, and nothing changes', async ({ loggedInPage: page }) => {
  const before = await getUpstream(NAME);
  await openEditor(page, NAME);
  const passive = group(page, 'Passive health checks (circuit breaker)');
  await field(passive, 'Error rate (%)').fill('101');
  await field(passive, 'Failure statuses').fill('500, 5xx');
  await field(group(page, 'Timeouts'), 'Connect (ms)').fill('');
  await page.getByRole('button', { name: 'Save settings' }).click();

  await expectFieldError(field(passive, 'Error rate (%)'), 'must be at most 100');
  await expectFieldError(field(passive, 'Failure statuses'), 'must be a status code or a range "NNN-NNN"');
  await expectFieldError(field(group(page, 'Timeouts'), 'Connect (ms)'), 'must be a number');
  // The keyboard lands on the first field to fix.
  await expect(field(group(page, 'Timeouts'), 'Connect (ms)')).toBeFocused();
  expect(await getUpstream(NAME)).toEqual(before);

  // Typing into a field clears its message, and only its own.
  await field(passive, 'Error rate (%)').fill('40');
  await expect(field(passive, 'Error rate (%)')).toHaveAttribute('aria-invalid', 'false');
  await expect(field(passive, 'Failure statuses')).toHaveAttribute('aria-invalid', 'true');
});

test('a rule only the runtime knows comes back onto its field, and nothing changes', async ({ loggedInPage: page }) => {
  const before = await getUpstream(NAME);
  await openEditor(page, NAME);
  const proxy = group(page, 'Forward proxy');
  // Clearing the user drops the password; a new password beside it is a contradiction the runtime refuses.
  await field(proxy, 'Proxy user').fill('');
  await field(proxy, 'Proxy password').fill('another-password');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expectFieldError(field(proxy, 'Proxy password'), 'cannot be set while the username is cleared (Basic auth needs both)');
  expect(await getUpstream(NAME)).toEqual(before);
});

test("a target's invalid CA certificate and header are named on their fields, and nothing changes", async ({ loggedInPage: page }) => {
  const before = await getUpstream(NAME);
  await page.goto(`/upstreams/${NAME}/targets/${targetId}`);
  await field(page, 'CA certificate (PEM)').fill('not a certificate');
  await page.getByRole('button', { name: 'Add header' }).click();
  await field(page, 'Injected header 1').fill('Transfer-Encoding');
  await field(page, 'Injected header 1 value').fill('chunked');
  await page.getByRole('button', { name: 'Save target' }).click();
  await expectFieldError(
    field(page, 'CA certificate (PEM)'),
    'must be PEM certificates: "-----BEGIN CERTIFICATE-----", base64 lines, "-----END CERTIFICATE-----"',
  );
  await expectFieldError(field(page, 'Injected header 1'), 'is a hop-by-hop or framing header, which the gateway sets itself');
  expect(await getUpstream(NAME)).toEqual(before);
});
