import { expect, type Page } from '@playwright/test';
import { type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { adminMutation } from './admin-client.ts';
import { type StoredUpstream, field, getUpstream, group, openEditor, recreateUpstream, saveSettings } from './editor-helpers.ts';
import { test } from './fixtures.ts';

// Every group of an upstream's settings edited in the browser, saved, the page reloaded, and
// the values shown again, and stored (read back through the admin API).

const NAME = 'e2e-settings';
let backend: FakeBackend;

test.beforeAll(async () => {
  backend = await startFakeBackend({ name: 'settings-backend' });
  await recreateUpstream({ name: NAME, slowStartMs: 0, targets: [{ host: '127.0.0.1', port: backend.port }] });
});
test.afterAll(async () => {
  await backend?.close();
});

/** Fills text and number inputs of one group, by exact label. */
async function fill(page: Page, legend: string, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) await field(group(page, legend), label).fill(value);
}

async function expectShown(page: Page, legend: string, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) await expect(field(group(page, legend), label)).toHaveValue(value);
}

type Group = {
  legend: string;
  values: Record<string, string>;
  edit?: (page: Page) => Promise<void>;
  shown?: (page: Page) => Promise<void>;
  stored: (u: StoredUpstream) => void;
};

const GROUPS: Group[] = [
  {
    legend: 'Name and routing',
    values: {},
    edit: async (page) => {
      await field(page, 'Algorithm').selectOption('consistent-hash');
      await field(page, 'Hash on').fill('header:x-user');
      await field(page, 'Fail open').check();
      // On by default; turned off, the upstream's panel on the dashboard says so.
      await expect(field(page, 'Quota-aware routing')).toBeChecked();
      await field(page, 'Quota-aware routing').uncheck();
    },
    shown: async (page) => {
      await expect(field(page, 'Algorithm')).toHaveValue('consistent-hash');
      await expect(field(page, 'Hash on')).toHaveValue('header:x-user');
      await expect(field(page, 'Fail open')).toBeChecked();
      await expect(field(page, 'Quota-aware routing')).not.toBeChecked();
    },
    stored: (u) => expect(u).toMatchObject({ algorithm: 'consistent-hash', hashOn: 'header:x-user', failOpen: true, quotaAware: false }),
  },
  {
    legend: 'Retries',
    values: { Retries: '4', 'Retry budget (%)': '35', 'Retry buffer (bytes)': '1048576' },
    edit: async (page) => {
      const retryOn = group(page, 'Retry on');
      await field(retryOn, 'timeout').check();
      // Opting into timeouts says what it costs before anything is saved.
      await expect(retryOn.getByRole('note')).toContainText('can still finish, and be billed');
      await field(retryOn, '429 rate limited').uncheck();
    },
    shown: async (page) => {
      await expect(field(group(page, 'Retry on'), 'timeout')).toBeChecked();
      await expect(field(group(page, 'Retry on'), '429 rate limited')).not.toBeChecked();
    },
    stored: (u) => {
      expect(u).toMatchObject({ retries: 4, retryBudgetPct: 35, retryBufferBytes: 1_048_576 });
      expect(new Set(u.retryOn)).toEqual(new Set(['connect-error', 'reset', 'timeout', '502', '503', '504']));
    },
  },
  {
    legend: 'Timeouts',
    values: { 'Connect (ms)': '2500', 'Response headers (ms)': '120000', 'Body idle (ms)': '60000', 'Total (ms)': '900000' },
    stored: (u) => expect(u.timeouts).toEqual({ connectMs: 2_500, headersMs: 120_000, bodyIdleMs: 60_000, totalMs: 900_000 }),
  },
  {
    legend: 'Slow start, tiers and draining',
    values: { 'Slow start (ms)': '5000', 'Overprovisioning factor': '2.5', 'Drain timeout (ms)': '60000' },
    stored: (u) => expect(u).toMatchObject({ slowStartMs: 5_000, overprovisioningFactor: 2.5, drainTimeoutMs: 60_000 }),
  },
  {
    legend: 'Active health checks',
    values: {
      Path: '/ready',
      'Expected statuses': '200-299, 304',
      'Probe timeout (ms)': '1500',
      Concurrency: '4',
      'Healthy interval (ms)': '5000',
      'Successes to healthy': '3',
      'Unhealthy interval (ms)': '1000',
      'HTTP failures': '4',
      'TCP failures': '5',
      Timeouts: '6',
    },
    edit: async (page) => {
      await field(page, 'Probe every target on a schedule').check();
      const active = group(page, 'Active health checks');
      await field(active, 'Method').selectOption('HEAD');
      await active.getByRole('button', { name: 'Add probe header' }).click();
      await field(active, 'Probe header 1').fill('x-probe');
      await field(active, 'Probe header 1 value').fill('e2e');
    },
    shown: async (page) => {
      await expect(field(page, 'Probe every target on a schedule')).toBeChecked();
      await expect(field(page, 'Method')).toHaveValue('HEAD');
      await expect(field(page, 'Probe header 1')).toHaveValue('x-probe');
      await expect(field(page, 'Probe header 1 value')).toHaveValue('e2e');
    },
    stored: (u) =>
      expect(u.healthChecks.active).toEqual({
        type: 'http',
        method: 'HEAD',
        path: '/ready',
        headers: { 'x-probe': 'e2e' },
        expectedStatuses: ['200-299', 304],
        timeoutMs: 1_500,
        concurrency: 4,
        healthy: { intervalMs: 5_000, successes: 3 },
        unhealthy: { intervalMs: 1_000, httpFailures: 4, tcpFailures: 5, timeouts: 6 },
      }),
  },
  {
    legend: 'Passive health checks (circuit breaker)',
    values: {
      'Failure statuses': '500, 502-504',
      'Consecutive failures': '7',
      'Error rate (%)': '40',
      'Window (ms)': '20000',
      'Minimum requests': '10',
      'Base ejection (ms)': '15000',
      'Maximum ejection (ms)': '120000',
      'Maximum ejected (%)': '25',
      'Half-open trials': '2',
    },
    stored: (u) =>
      expect(u.healthChecks.passive).toEqual({
        unhealthyStatuses: [500, '502-504'],
        consecutiveFailures: 7,
        errorRatePct: 40,
        windowMs: 20_000,
        minRequests: 10,
        baseEjectionMs: 15_000,
        maxEjectionMs: 120_000,
        maxEjectionPct: 25,
        halfOpenRequests: 2,
      }),
  },
  {
    legend: 'Forward proxy',
    values: {},
    edit: async (page) => {
      await field(page, 'Connect to targets through an HTTP proxy (CONNECT)').check();
      await fill(page, 'Forward proxy', {
        'Proxy host': '127.0.0.1',
        'Proxy port': '3128',
        'Proxy user': 'ops',
        'Proxy password': 'proxy-pass-e2e',
      });
    },
    shown: async (page) => {
      await expectShown(page, 'Forward proxy', {
        'Proxy host': '127.0.0.1',
        'Proxy port': '3128',
        'Proxy user': 'ops',
        'Proxy password': '',
      });
      await expect(group(page, 'Forward proxy')).toContainText('A password is stored (never shown)');
    },
    stored: (u) => expect(u.proxy).toEqual({ host: '127.0.0.1', port: 3_128, username: 'ops', password: expect.stringMatching(/^••••/) }),
  },
];

test('each group of settings is edited, saved, and still there after a reload', async ({ loggedInPage: page }) => {
  test.setTimeout(120_000);
  await openEditor(page, NAME);
  for (const settings of GROUPS) {
    await test.step(settings.legend, async () => {
      const before = await getUpstream(NAME);
      await settings.edit?.(page);
      await fill(page, settings.legend, settings.values);
      await saveSettings(page);
      await page.reload();
      await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
      await expectShown(page, settings.legend, settings.values);
      await settings.shown?.(page);
      const after = await getUpstream(NAME);
      settings.stored(after);
      expect(after.version).toBeGreaterThan(before.version);
    });
  }
});

test("the dashboard shows an upstream's quota-aware routing only when it is off", async ({ loggedInPage: page }) => {
  await page.goto('/');
  const settings = page.getByTestId(`upstream-${NAME}`).getByRole('list', { name: 'Settings', exact: true });
  await expect(settings).toContainText('quota-aware off');
  await adminMutation('upstreams.update', { name: NAME, changes: { quotaAware: true } });
  await page.reload();
  await expect(settings).toContainText('retries');
  await expect(settings).not.toContainText('quota-aware');
});

test('the hash key and the proxy user are cleared, and the proxy password goes with the user', async ({ loggedInPage: page }) => {
  await openEditor(page, NAME);
  await field(page, 'Algorithm').selectOption('round-robin');
  // Still shown while it holds a value, so that it can be emptied.
  await field(page, 'Hash on').fill('');
  await field(group(page, 'Forward proxy'), 'Proxy user').fill('');
  await saveSettings(page, 'the stored value of the proxy password was dropped');
  await page.reload();
  await expect(field(page, 'Hash on')).toHaveCount(0);
  await expect(field(page, 'Proxy user')).toHaveValue('');
  await expect(group(page, 'Forward proxy')).not.toContainText('A password is stored');
  const stored = await getUpstream(NAME);
  expect(stored.hashOn).toBeUndefined();
  expect(stored.proxy).toEqual({ host: '127.0.0.1', port: 3_128 });
});
