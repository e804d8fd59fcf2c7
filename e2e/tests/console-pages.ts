import { expect, type Page } from '@playwright/test';
import type { Showcase } from './showcase.ts';

// Every page of the console behind the login, each with what makes it ready to be looked at
// (live grid connected, chart drawn, a dry-run diff shown): the accessibility scan and the
// screenshots go through the same list, so a new page is added once.

export type ConsolePage = { name: string; path: string; ready: (page: Page) => Promise<void> };

const heading = (page: Page) => expect(page.getByRole('heading', { level: 1 })).toBeVisible();

/** The import page with a dry run on it: the export, one setting changed, previewed. */
async function previewAnEdit(page: Page) {
  const exported = page.getByTestId('export-yaml');
  await expect(exported).toContainText('showcase-chat');
  const yaml = (await exported.textContent()) ?? '';
  const edited = yaml.replace(/(- name: showcase-chat\n(?:.*\n)*?\s+retries: )1/, (_, head: string) => `${head}2`);
  await page.getByLabel('Config YAML').fill(edited);
  await page.getByRole('button', { name: 'Preview changes' }).click();
  await expect(page.getByTestId('import-preview').getByTestId('diff-showcase-chat')).toBeVisible();
}

export function consolePages(showcase: Showcase): ConsolePage[] {
  return [
    {
      name: 'grid',
      path: '/',
      ready: async (page) => {
        await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
        await expect(page.getByTestId('upstream-showcase-chat').locator('[data-state="healthy"]').first()).toBeVisible();
      },
    },
    { name: 'upstream-editor', path: '/upstreams/showcase-chat', ready: heading },
    { name: 'create-upstream', path: '/upstreams/new', ready: heading },
    {
      name: 'target-editor',
      path: `/upstreams/showcase-chat/targets/${showcase.chatTargetId}`,
      ready: (page) => expect(page.getByRole('heading', { level: 1 })).toHaveText(/^127\.0\.0\.1:\d+$/),
    },
    { name: 'nodes', path: '/nodes', ready: (page) => expect(page.getByTestId('node-row').first()).toHaveAttribute('data-status', 'up') },
    { name: 'events', path: '/events', ready: (page) => expect(page.getByTestId('event-row').first()).toBeVisible() },
    { name: 'import-export', path: '/config', ready: previewAnEdit },
    {
      name: 'target-history',
      path: `/targets/${showcase.chatTargetId}`,
      ready: async (page) => {
        await expect(page.getByTestId('chart-latency').locator('.history-plot')).toHaveAttribute('data-drawn-points', /^[1-9]/);
        await expect(page.getByTestId('timeline-event').first()).toBeVisible();
      },
    },
  ];
}
