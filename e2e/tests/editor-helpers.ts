import { expect, type Locator, type Page } from '@playwright/test';
import { adminMutation, adminQuery } from './admin-client.ts';

// What the editing specs share: upstreams set up and read back through the admin API (so what
// the browser shows is checked against what is stored), and the editor's landmarks.

export type StoredTarget = {
  id: string;
  host: string;
  port: number;
  weight: number;
  headers: Record<string, string>;
  healthChecks: { active?: Record<string, unknown>; passive?: Record<string, unknown> };
};

export type StoredUpstream = {
  name: string;
  version: number;
  algorithm: string;
  hashOn?: string;
  retries: number;
  retryOn: string[];
  retryBudgetPct: number;
  retryBufferBytes: number;
  timeouts: { connectMs: number; headersMs: number; bodyIdleMs: number; totalMs: number };
  slowStartMs: number;
  overprovisioningFactor: number;
  drainTimeoutMs: number;
  failOpen: boolean;
  quotaAware: boolean;
  healthChecks: { active: Record<string, unknown> | null; passive: Record<string, unknown> };
  proxy: { host: string; port: number; username?: string; password?: string } | null;
  targets: StoredTarget[];
};

export const getUpstream = (name: string) => adminQuery<StoredUpstream>('upstreams.get', { name });

/** Creates `name` afresh (deleting an earlier one of a previous run). */
export async function recreateUpstream(input: { name: string } & Record<string, unknown>): Promise<StoredUpstream> {
  await adminMutation('upstreams.delete', { name: input.name }).catch(() => undefined);
  return adminMutation<StoredUpstream>('upstreams.create', input);
}

/** A group of settings on the editor: the fieldset its legend names. */
export const group = (page: Page, legend: string): Locator => page.getByRole('group', { name: legend, exact: true });

/** A labelled control, by its exact label. */
export const field = (scope: Page | Locator, label: string): Locator => scope.getByLabel(label, { exact: true });

/** Saves the upstream's settings and waits for the runtime to have said so. */
export async function saveSettings(page: Page, said: string | RegExp = 'Saved.'): Promise<void> {
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: said })).toBeVisible();
}

/** Opens an upstream's editor and waits for its settings. */
export async function openEditor(page: Page, name: string): Promise<void> {
  await page.goto(`/upstreams/${name}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
}
