import { expect, type Page } from '@playwright/test';
import { type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { adminMutation } from './admin-client.ts';
import { field, getUpstream, group, openEditor, recreateUpstream, saveSettings } from './editor-helpers.ts';
import { test } from './fixtures.ts';

// Two tabs on one upstream: the one that saves second was editing a stale copy. Its save is
// refused with what changed, field by field; the newer values survive; a reload that keeps its
// edits lets it save them over the newer copy, knowingly.

const NAME = 'e2e-conflict';
let backend: FakeBackend;

test.beforeEach(async () => {
  backend = await startFakeBackend({ name: 'conflict-backend' });
  await recreateUpstream({ name: NAME, slowStartMs: 0, targets: [{ host: '127.0.0.1', port: backend.port }] });
});
test.afterEach(async () => {
  await backend?.close();
});

const conflictRow = (page: Page, path: string) => page.getByTestId('version-conflict').locator(`tr[data-path="${path}"]`);

test('a stale tab is refused with what changed, the newer values survive, and its edit can be re-applied', async ({
  loggedInPage: stale,
  context,
}) => {
  await openEditor(stale, NAME);
  const fresh = await context.newPage();
  await openEditor(fresh, NAME);

  await field(group(stale, 'Retries'), 'Retries').fill('5');
  await field(group(fresh, 'Retries'), 'Retries').fill('7');
  await field(group(fresh, 'Timeouts'), 'Connect (ms)').fill('1234');
  await saveSettings(fresh);
  const newer = await getUpstream(NAME);

  await stale.getByRole('button', { name: 'Save settings' }).click();
  const notice = stale.getByTestId('version-conflict');
  await expect(notice).toBeFocused();
  await expect(notice).toContainText(
    `was changed by someone else since you loaded it (version ${newer.version - 1}, now ${newer.version})`,
  );
  await expect(conflictRow(stale, 'retries')).toContainText(['Retries', 'you changed this too', '2', '7'].join(''));
  await expect(conflictRow(stale, 'timeouts.connectMs')).toHaveText('Connect (ms)50001234');
  expect(await getUpstream(NAME)).toEqual(newer);

  await stale.getByRole('button', { name: 'Reload and keep my edits' }).click();
  await expect(notice).toHaveCount(0);
  await expect(field(group(stale, 'Retries'), 'Retries')).toHaveValue('5');
  await expect(field(group(stale, 'Timeouts'), 'Connect (ms)')).toHaveValue('1234');
  await saveSettings(stale);
  expect(await getUpstream(NAME)).toMatchObject({ retries: 5, timeouts: { connectMs: 1_234 }, version: newer.version + 1 });
});

test('a stale target row is refused too, and a reload that drops the edit shows the newer values', async ({
  loggedInPage: stale,
  context,
}) => {
  await openEditor(stale, NAME);
  const fresh = await context.newPage();
  await openEditor(fresh, NAME);

  // The stale tab starts its edit first: the newer copy that reaches it (the live grid shows the
  // new weight) must not replace an edit in progress, and its save must be refused.
  await field(stale.getByTestId('target-row-0'), 'Target 1 weight').fill('60');
  await field(fresh.getByTestId('target-row-0'), 'Target 1 weight').fill('30');
  await fresh.getByRole('button', { name: 'Update target 1' }).click();
  await expect.poll(async () => (await getUpstream(NAME)).targets[0]?.weight).toBe(30);
  await expect(field(stale.getByTestId('target-row-0'), 'Target 1 weight')).toHaveValue('60');

  await stale.getByRole('button', { name: 'Update target 1' }).click();
  await expect(conflictRow(stale, `targets.127.0.0.1:${backend.port}.weight`)).toContainText('10030');
  expect((await getUpstream(NAME)).targets[0]?.weight).toBe(30);

  await stale.getByRole('button', { name: 'Reload and discard my edits' }).click();
  await expect(field(stale.getByTestId('target-row-0'), 'Target 1 weight')).toHaveValue('30');
  await expect(stale.getByRole('button', { name: 'Update target 1' })).toBeDisabled();
});

test('a tab with no edit in progress follows a change stored elsewhere, without a reload', async ({ loggedInPage: page }) => {
  await openEditor(page, NAME);
  const target = (await getUpstream(NAME)).targets[0];
  await adminMutation('targets.update', { id: target?.id, changes: { weight: 70, adminState: 'disabled' } });
  // The live grid shows the new stored values; the page fetches its copy again and shows them.
  await expect(field(page.getByTestId('target-row-0'), 'Target 1 weight')).toHaveValue('70');
  await expect(field(page.getByTestId('target-row-0'), 'Target 1 admin state')).toHaveValue('disabled');
  await expect(page.getByText(`version ${(await getUpstream(NAME)).version}`)).toBeVisible();
});
