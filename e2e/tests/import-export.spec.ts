import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';
import { adminMutation, adminQuery, deleteAllUpstreams, listUpstreams } from './admin-client.ts';
import { test } from './fixtures.ts';

// The import and export page in the real console against the real runtime: export, delete
// everything, import the file with its dry-run diff, apply, and the same config comes back.

const exportYaml = async () => (await adminQuery<{ yaml: string }>('config.export', { secrets: 'masked' })).yaml;

/** Upstreams as the admin API shows them, without what a re-create renews (ids, versions). */
async function configWithoutIds(): Promise<unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const kept = Object.entries(value).filter(([key]) => !['id', 'upstreamId', 'version'].includes(key));
    return Object.fromEntries(kept.map(([key, item]) => [key, strip(item)]));
  };
  return strip(await listUpstreams());
}

/** One changed field of an upstream in the diff. */
const row = (scope: Locator, path: string) => scope.locator(`[data-testid="diff-field"][data-path="${path}"]`);

async function openConfigPage(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import / export' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import and export' })).toBeVisible();
}

test.beforeAll(async () => {
  // This spec needs the whole config to itself: what earlier specs left is removed first.
  await deleteAllUpstreams();
  await adminMutation('upstreams.create', {
    name: 'ie-chat',
    algorithm: 'least-connections',
    retries: 3,
    retryOn: ['connect-error', '503'],
    slowStartMs: 5_000,
    healthChecks: { active: { path: '/ready', expectedStatuses: ['200', '204'] }, passive: { consecutiveFailures: 7 } },
    targets: [
      { host: '127.0.0.1', port: 19_101, weight: 70, maxInFlight: 40 },
      { host: '127.0.0.1', port: 19_102, priority: 1, adminState: 'disabled', healthChecks: { active: { path: '/deep' } } },
    ],
  });
  await adminMutation('upstreams.create', {
    name: 'ie-embed',
    algorithm: 'consistent-hash',
    hashOn: 'header:x-user',
    proxy: { host: '127.0.0.1', port: 19_180, username: 'gateway' },
    timeouts: { connectMs: 1_500, totalMs: 90_000 },
    targets: [{ host: 'embed.example.internal', port: 443, protocol: 'https', tlsVerify: false }],
  });
});

test('export, delete all, import the file with its diff preview, apply: the same config comes back', async ({ loggedInPage: page }) => {
  const before = await configWithoutIds();
  const exported = await exportYaml();
  await openConfigPage(page);
  await expect(page.getByTestId('export-yaml')).toHaveText(exported);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download YAML' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^headwater-config-\d{4}-\d{2}-\d{2}-\d{4}\.yaml$/);
  const file = await download.path();
  expect(await readFile(file, 'utf8')).toBe(exported);

  await deleteAllUpstreams();
  expect(await listUpstreams()).toEqual([]);

  await page.getByLabel('Or read a YAML file').setInputFiles(file);
  await expect(page.getByLabel('Config YAML')).toHaveValue(exported);
  await page.getByRole('button', { name: 'Preview changes' }).click();

  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('import-counts')).toHaveText('2 to create, 0 to update, 0 unchanged.');
  const chat = preview.getByTestId('diff-ie-chat');
  await expect(chat).toHaveAttribute('data-kind', 'created');
  await expect(chat.getByRole('heading')).toContainText('Create ie-chat');
  await expect(row(chat, 'retries').locator('.diff-from')).toHaveText('—');
  await expect(row(chat, 'retries').locator('.diff-to')).toHaveText('3');
  await expect(row(chat, 'algorithm').locator('.diff-to')).toHaveText('least-connections');
  await expect(row(chat, 'healthChecks.active.path').locator('.diff-to')).toHaveText('/ready');
  await expect(row(chat, 'healthChecks.passive.consecutiveFailures').locator('.diff-to')).toHaveText('7');
  await expect(row(chat, 'targets.127.0.0.1:19101').locator('.diff-from')).toHaveText('—');
  await expect(row(chat, 'targets.127.0.0.1:19101').locator('.diff-to')).toContainText('"weight":70');
  await expect(row(chat, 'targets.127.0.0.1:19102').locator('.diff-to')).toContainText('"adminState":"disabled"');
  const embed = preview.getByTestId('diff-ie-embed');
  await expect(embed).toHaveAttribute('data-kind', 'created');
  await expect(row(embed, 'hashOn').locator('.diff-to')).toHaveText('header:x-user');
  await expect(row(embed, 'proxy.username').locator('.diff-to')).toHaveText('gateway');
  await expect(row(embed, 'targets.embed.example.internal:443').locator('.diff-to')).toContainText('"tlsVerify":false');
  // A dry run stores nothing.
  expect(await listUpstreams()).toEqual([]);

  await page.getByRole('button', { name: 'Apply 2 upstream changes' }).click();
  await expect(page.getByTestId('import-applied').getByTestId('import-counts')).toHaveText('Created 2, updated 0, 0 unchanged.');
  expect(await exportYaml()).toBe(exported);
  expect(await configWithoutIds()).toEqual(before);

  // The grid has them again.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upstreams' }).click();
  await expect(page.getByTestId('upstream-ie-chat')).toBeVisible();
  await expect(page.getByTestId('upstream-ie-embed')).toBeVisible();
});

test('an update previews field by field with secrets masked, and a text edited after its preview must be previewed again', async ({
  loggedInPage: page,
}) => {
  await adminMutation('upstreams.create', {
    name: 'ie-keys',
    retries: 1,
    targets: [{ host: '127.0.0.1', port: 19_201, headers: { authorization: 'Bearer sk-stored-0001' } }],
  });
  const yaml = `upstreams:
  - name: ie-keys
    retries: 4
    targets:
      - host: 127.0.0.1
        port: 19201
        headers: { authorization: Bearer sk-replaced-0002 }
`;
  await openConfigPage(page);
  await page.getByLabel('Config YAML').fill(yaml);
  const answer = page.waitForResponse((response) => response.url().includes('/api/trpc/config.import'));
  await page.getByRole('button', { name: 'Preview changes' }).click();
  const body = await (await answer).text();
  expect(body).not.toContain('sk-stored-0001');
  expect(body).not.toContain('sk-replaced-0002');

  const keys = page.getByTestId('import-preview').getByTestId('diff-ie-keys');
  await expect(keys).toHaveAttribute('data-kind', 'updated');
  await expect(row(keys, 'retries').locator('.diff-from')).toHaveText('1');
  await expect(row(keys, 'retries').locator('.diff-to')).toHaveText('4');
  const header = row(keys, 'targets.127.0.0.1:19201.headers.authorization');
  await expect(header.locator('.diff-from')).toHaveText(/^•+/);
  await expect(header.locator('.diff-to')).toHaveText(/^•+/);
  await expect(page.getByTestId('import-preview')).not.toContainText('sk-');
  await expect(page.locator('body')).not.toContainText('sk-stored-0001');

  await page.getByLabel('Config YAML').fill(yaml.replace('retries: 4', 'retries: 5'));
  await expect(page.getByText('The text changed after this preview')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Apply 1 upstream change' })).toBeDisabled();
  const stored = (await adminQuery<{ retries: number }>('upstreams.get', { name: 'ie-keys' })).retries;
  expect(stored).toBe(1);
});

test('a refused import shows each problem at its field path and changes nothing', async ({ loggedInPage: page }) => {
  const before = await exportYaml();
  await openConfigPage(page);
  await page.getByLabel('Config YAML').fill(`upstreams:
  - name: ie-broken
    algorithm: fastest
    targets:
      - { host: 127.0.0.1, port: 70000 }
`);
  await page.getByRole('button', { name: 'Preview changes' }).click();
  const error = page.getByTestId('import-error');
  await expect(error).toContainText('nothing was changed');
  await expect(error.locator('[data-path="upstreams.0.targets.0.port"]')).toContainText('at most 65535');
  await expect(error.locator('[data-path="upstreams.0.algorithm"]')).toBeVisible();
  await expect(page.getByTestId('import-preview')).toHaveCount(0);
  expect(await exportYaml()).toBe(before);
});

test('a text over 1 MiB is explained and not sent', async ({ loggedInPage: page }) => {
  await openConfigPage(page);
  await expect(page.getByText('At most 1 MiB (1,048,576 bytes) of UTF-8 text per import')).toBeVisible();
  const text = `upstreams: []\n#${'x'.repeat(1_048_576 - 15)}\n`;
  expect(Buffer.byteLength(text)).toBe(1_048_577);
  await page.getByLabel('Config YAML').fill(text);
  await expect(page.getByTestId('import-size-problem')).toHaveText(
    'This text is 1,048,577 bytes; an import is at most 1 MiB (1,048,576 bytes). Split it into several imports: upstreams a text leaves out are kept as they are.',
  );
  await expect(page.getByRole('button', { name: 'Preview changes' })).toBeDisabled();
  await page.getByLabel('Config YAML').fill(text.slice(1));
  await expect(page.getByTestId('import-size-problem')).toHaveCount(0);
  await expect(page.getByTestId('import-size')).toHaveText('1 MiB of 1 MiB');
  await expect(page.getByRole('button', { name: 'Preview changes' })).toBeEnabled();
});
