import { expect, test } from '@playwright/test';
import { stack } from './stack.ts';

// Open redirects: `/login?next=...` must only ever send the operator to a page of the
// console itself, whatever the link says. Browsers strip tabs and newlines inside URLs, so
// `/\t/evil.com` becomes `//evil.com`, another site.

const consoleOrigin = `http://127.0.0.1:${stack.consolePort}`;

test.beforeEach(async ({ page }) => {
  // Had the redirect escaped, the browser would land here instead of a DNS error page.
  await page.route(/^https?:\/\/evil\.(com|example)\//, (route) => route.fulfill({ contentType: 'text/html', body: '<h1>evil</h1>' }));
});

for (const hostile of ['/%09/evil.com', '/%0a/evil.com', '/%0d%0a/evil.com', '/%5C/evil.com', '//evil.com', 'https:%2F%2Fevil.example/']) {
  test(`logging in with next=${hostile} ends on the console's own grid`, async ({ page }) => {
    await page.goto(`/login?next=${hostile}`);
    await page.getByLabel('Admin token').fill(stack.token);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(`${consoleOrigin}/`);
    await expect(page.getByTestId('connection')).toBeVisible();
  });
}

test('a same-site next still brings the operator back where they were going', async ({ page }) => {
  await page.goto('/events');
  await expect(page).toHaveURL(`${consoleOrigin}/login?next=%2Fevents`);
  await page.getByLabel('Admin token').fill(stack.token);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(`${consoleOrigin}/events`);
});
