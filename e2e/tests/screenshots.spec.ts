import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { consolePages } from './console-pages.ts';
import { test } from './fixtures.ts';
import { type Showcase, seedShowcase } from './showcase.ts';

// Every page at a desktop width and at a phone's, with real data on it, saved as
// e2e/artifacts/screenshots/<page>-<width>.png to be looked at. On a phone nothing may be
// wider than the screen: a table scrolls inside its own frame, the page itself never sideways.

const WIDTHS = [1_400, 390] as const;
const folder = join(import.meta.dirname, '..', 'artifacts', 'screenshots');

let primary: FakeBackend;
let backup: FakeBackend;
let showcase: Showcase;
test.beforeAll(async () => {
  [primary, backup] = await Promise.all([startFakeBackend({ name: 'shots-primary' }), startFakeBackend({ name: 'shots-backup' })]);
  showcase = await seedShowcase(primary, backup);
});
test.afterAll(async () => {
  await Promise.all([primary?.close(), backup?.close()]);
});

// Strings, not functions: this package's TypeScript knows no DOM.
const SIDEWAYS_PX = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';
/** The innermost elements that stick out to the right of the screen: what to fix when a page scrolls sideways. */
const STICKING_OUT = `[...document.querySelectorAll('body *')]
  .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter((element) => ![...element.children].some((child) => child.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
  .slice(0, 5)
  .map((element) => element.tagName.toLowerCase() + '.' + [...element.classList].join('.') + ' "' + (element.textContent ?? '').slice(0, 40) + '"')`;

async function shoot(page: Page, name: string, width: number) {
  const sideways = Number(await page.evaluate(SIDEWAYS_PX));
  const culprits = sideways > 0 ? ((await page.evaluate(STICKING_OUT)) as string[]) : [];
  // Soft: every page is still shot, and the report lists each page that scrolls sideways.
  expect.soft(sideways, `${name} at ${width} px scrolls sideways by ${sideways} px: ${culprits.join('; ')}`).toBeLessThanOrEqual(0);
  // From the top: a sticky top bar would otherwise be drawn where the page was scrolled to.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(folder, `${name}-${width}.png`), fullPage: true });
}

for (const width of WIDTHS) {
  test(`every page at ${width} px wide`, async ({ loggedInPage: page, browser }) => {
    test.setTimeout(120_000);
    const login = await browser.newPage({ viewport: { width, height: 900 } });
    await login.goto('/login');
    await expect(login.getByLabel('Admin token')).toBeVisible();
    await shoot(login, 'login', width);
    await login.close();

    await page.setViewportSize({ width, height: 900 });
    for (const consolePage of consolePages(showcase)) {
      await test.step(consolePage.name, async () => {
        await page.goto(consolePage.path);
        await consolePage.ready(page);
        await shoot(page, consolePage.name, width);
      });
    }
  });
}
