import { AxeBuilder } from '@axe-core/playwright';
import { expect } from '@playwright/test';
import { type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { expectNoSeriousViolations } from './axe.ts';
import { consolePages } from './console-pages.ts';
import { test } from './fixtures.ts';
import { type Showcase, seedShowcase } from './showcase.ts';

// axe-core on every page of the real console, each with real data on it: no serious or
// critical violation anywhere. (Moderate and minor findings are not failures here.)

let primary: FakeBackend;
let backup: FakeBackend;
let showcase: Showcase;
test.beforeAll(async () => {
  [primary, backup] = await Promise.all([startFakeBackend({ name: 'a11y-primary' }), startFakeBackend({ name: 'a11y-backup' })]);
  showcase = await seedShowcase(primary, backup);
});
test.afterAll(async () => {
  await Promise.all([primary?.close(), backup?.close()]);
});

test('the scan finds a serious violation when there is one (it is not silently skipped)', async ({ page }) => {
  await page.goto('/login');
  await page.evaluate('document.querySelector("main, body").append(Object.assign(document.createElement("button"), { id: "nameless" }))');
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.find((violation) => violation.id === 'button-name')?.impact).toBe('critical');
});

test('the login page has no serious or critical violation', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByLabel('Admin token')).toBeVisible();
  await expectNoSeriousViolations(page);
});

// At a desktop's width and a phone's: what scrolls inside a frame (and so must take focus) differs.
for (const width of [1_400, 390]) {
  test(`every page behind the login has no serious or critical violation at ${width} px`, async ({ loggedInPage: page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    for (const consolePage of consolePages(showcase)) {
      await test.step(consolePage.name, async () => {
        await page.goto(consolePage.path);
        await consolePage.ready(page);
        await expectNoSeriousViolations(page);
      });
    }
  });
}
