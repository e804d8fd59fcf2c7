import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

// axe-core on the page as it is: no serious or critical violation. Moderate and minor findings
// are recorded in the test's annotations for the report, not failed.

export async function expectNoSeriousViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const lesser = violations.filter((violation) => !serious.includes(violation)).map((violation) => `${violation.id} (${violation.impact})`);
  test
    .info()
    .annotations.push({ type: 'axe', description: `${page.url()}: ${lesser.length ? lesser.join(', ') : 'nothing below serious'}` });
  const report = serious.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n${violation.nodes.map((node) => `  ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n')}`,
  );
  expect(report, `on ${page.url()}`).toEqual([]);
}
