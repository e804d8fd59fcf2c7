// Adds up the vitest and Playwright JSON reports into one closing line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const read = (name) => (existsSync(join(dir, name)) ? JSON.parse(readFileSync(join(dir, name), 'utf8')) : null);
const vitest = read('vitest.json');
const playwright = read('playwright.json');

const unit = vitest
  ? { passed: vitest.numPassedTests, failed: vitest.numFailedTests, skipped: vitest.numPendingTests + vitest.numTodoTests }
  : { passed: 0, failed: 1, skipped: 0 };
const browser = playwright
  ? { passed: playwright.stats.expected + playwright.stats.flaky, failed: playwright.stats.unexpected, skipped: playwright.stats.skipped }
  : { passed: 0, failed: 1, skipped: 0 };

console.log(
  `\nvitest (unit + integration): ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped${vitest ? '' : ' (no report)'}`,
);
console.log(
  `playwright (browser):        ${browser.passed} passed, ${browser.failed} failed, ${browser.skipped} skipped${playwright ? '' : ' (no report)'}`,
);
const passed = unit.passed + browser.passed;
const failed = unit.failed + browser.failed;
console.log(`Total: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 || unit.skipped + browser.skipped > 0 ? 1 : 0);
