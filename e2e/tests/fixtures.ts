import { expect, test as base, type Page } from '@playwright/test';
import { stack } from './stack.ts';

// Playwright's `test` with the fixtures every spec shares.

export const test = base.extend<{
  /** A page logged in with the stack's admin token, on the grid (`/`). Pages opened from its context share the session. */
  loggedInPage: Page;
}>({
  loggedInPage: async ({ page }, use) => {
    await page.goto('/login');
    await page.getByLabel('Admin token').fill(stack.token);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/$/);
    await use(page);
  },
});
