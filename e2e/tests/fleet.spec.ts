import { expect, type Locator, type Page } from '@playwright/test';
import { type FakeBackend, startFakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { expectNoSeriousViolations } from './axe.ts';
import { FLEET_NODES, type Fleet, type FleetNode, type FleetNodeId, fleetPorts, startFleet } from './fleet-stack.ts';
import { test } from './fixtures.ts';
import { stack } from './stack.ts';

// The fleet in the browser: three compiled runtime nodes on one PostgreSQL database of their own
// (fleet-stack.ts) and a console pointed at node A. The fleet grid shows every node's cell of
// every target with a summary per target, a target action goes to every node (or the one
// chosen) and reports per node, and a stopped node turns lost on the Nodes page and the grid.

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: `http://127.0.0.1:${fleetPorts.console}` });

const UPSTREAM = 'fleet-e2e';
/** The bound (and the registry's rule for a node that did not stop cleanly, apps/runtime/src/fleet/node-view.ts). */
const NODE_LOST_AFTER_MS = 15_000;

let fleet: Fleet;
let flaky: FakeBackend;
let steady: FakeBackend;

async function admin<T>(node: FleetNode, procedure: string, input?: unknown, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const url = `${node.adminUrl}/trpc/${procedure}`;
  const headers = { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' };
  const response =
    kind === 'query'
      ? await fetch(input === undefined ? url : `${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(url, { method: 'POST', headers, body: JSON.stringify(input) });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!response.ok || !body.result) throw new Error(`${procedure} on ${node.id}: HTTP ${response.status}: ${body.error?.message}`);
  return body.result.data;
}

/** One completion through `node`'s data plane; the flaky target is priority 0, so it goes there. */
async function complete(node: FleetNode): Promise<number> {
  const response = await fetch(`${node.dataUrl}/u/${UPSTREAM}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fake' }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Opens the flaky target's circuit on `node` only: one 500 (retries 0, one failure opens it). */
async function failOnce(node: FleetNode): Promise<void> {
  flaky.queue({ kind: 'status', status: 500 });
  expect(await complete(node)).toBe(500);
}

/** The flaky target's circuit as `node` itself reports it. */
async function circuitOn(node: FleetNode): Promise<string | undefined> {
  const grid = await admin<{ upstreams: Array<{ name: string; targets: Array<{ port: number; circuit: string }> }> }>(
    node,
    'states.get',
    undefined,
    'query',
  );
  return grid.upstreams.find((u) => u.name === UPSTREAM)?.targets.find((t) => t.port === flaky.port)?.circuit;
}

const flakyRow = (page: Page) => page.getByTestId(`fleet-target-127.0.0.1:${flaky.port}`);
const nodeCell = (row: Locator, node: FleetNodeId) => row.locator(`.node-cells > li[data-node="${node}"]`);
const outcomes = (row: Locator) => row.getByTestId('node-outcome');

test.beforeAll(async () => {
  test.setTimeout(180_000);
  [flaky, steady] = await Promise.all([startFakeBackend({ name: 'fleet-flaky' }), startFakeBackend({ name: 'fleet-steady' })]);
  fleet = await startFleet();
  await admin(fleet.nodes['node-a'], 'upstreams.create', {
    name: UPSTREAM,
    retries: 0,
    slowStartMs: 0,
    // One failure opens the circuit, for five minutes: it stays open until an operator resets it.
    healthChecks: { passive: { consecutiveFailures: 1, baseEjectionMs: 300_000, maxEjectionPct: 100 } },
    targets: [
      { host: '127.0.0.1', port: flaky.port },
      { host: '127.0.0.1', port: steady.port, priority: 1 },
    ],
  });
  for (const id of FLEET_NODES) await expect.poll(() => complete(fleet.nodes[id]), { timeout: 10_000 }).toBe(200);
});

test.afterAll(async () => {
  await fleet?.close();
  await Promise.all([flaky?.close(), steady?.close()]);
});

test('the fleet grid shows every node’s cell of each target with a summary per target, and switches to one node', async ({
  loggedInPage: page,
}) => {
  await expect(page.getByTestId('grid')).toHaveAttribute('data-view', 'fleet');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  const row = flakyRow(page);
  for (const target of [row, page.getByTestId(`fleet-target-127.0.0.1:${steady.port}`)]) {
    await expect(target.locator('.node-cells > li')).toHaveCount(3);
    for (const node of FLEET_NODES) await expect(nodeCell(target, node)).toHaveAttribute('data-state', 'healthy');
    await expect(target.getByTestId('fleet-summary')).toHaveText('Healthy on 3 of 3 nodes');
  }
  await expect(page.getByTestId('summary')).toContainText('2 targets · 3 nodes · 2 healthy on every node');

  // A failure through A and one through B open the circuit there; C never saw one.
  await failOnce(fleet.nodes['node-a']);
  await failOnce(fleet.nodes['node-b']);
  await expect(nodeCell(row, 'node-a')).toHaveAttribute('data-state', 'unhealthy');
  await expect(nodeCell(row, 'node-b')).toHaveAttribute('data-state', 'unhealthy');
  await expect(nodeCell(row, 'node-c')).toHaveAttribute('data-state', 'healthy');
  await expect(nodeCell(row, 'node-b')).toHaveAttribute('title', /^node-b: Unhealthy · circuit open/);
  await expect(row.getByTestId('fleet-summary')).toHaveText('Healthy on 1 of 3 nodes · unhealthy on 2');
  await expect(row).toHaveAttribute('data-tone', 'unhealthy');
  await expect(page.getByTestId('summary')).toContainText('1 healthy on every node · 1 unhealthy on some');
  await page.screenshot({ path: 'artifacts/fleet-grid.png', fullPage: true });

  // One node's cells: B's circuit is open, C's closed, A (this node, its own stream) open.
  const views = page.getByRole('group', { name: 'Grid view' });
  const cell = page.getByTestId(`cell-127.0.0.1:${flaky.port}`);
  await views.getByRole('button', { name: 'node-b' }).click();
  await expect(page).toHaveURL(/\?view=node-b$/);
  await expect(page.getByTestId('grid')).toHaveAttribute('data-view', 'node:node-b');
  await expect(cell).toHaveAttribute('data-circuit', 'open');
  await expect(cell).toHaveAttribute('data-state', 'unhealthy');
  await page.screenshot({ path: 'artifacts/fleet-node-b.png', fullPage: true });
  await views.getByRole('button', { name: 'node-c' }).click();
  await expect(page.getByTestId('grid')).toHaveAttribute('data-view', 'node:node-c');
  await expect(cell).toHaveAttribute('data-circuit', 'closed');
  await views.getByRole('button', { name: 'node-a (this node)' }).click();
  await expect(page.getByTestId('grid')).toHaveAttribute('data-view', 'self');
  await expect(cell).toHaveAttribute('data-circuit', 'open');
  await views.getByRole('button', { name: 'Fleet' }).click();
  await expect(page.getByTestId('grid')).toHaveAttribute('data-view', 'fleet');
  await expect(views.getByRole('button', { name: 'Fleet' })).toHaveAttribute('aria-pressed', 'true');
});

test('reset circuit goes to every node by default and reports per node, or to the one node chosen', async ({ loggedInPage: page }) => {
  const row = flakyRow(page);
  const address = `127.0.0.1:${flaky.port}`;
  await expect(nodeCell(row, 'node-a')).toHaveAttribute('data-state', 'unhealthy');
  await expect(row.getByLabel(`Nodes for target ${address}`)).toHaveValue('');
  await row.getByRole('button', { name: `Reset circuit target ${address}` }).click();

  await expect(row.getByTestId('action-result-text')).toHaveText('circuit closed on 2 of 3 nodes · already closed on 1');
  await expect(outcomes(row)).toHaveCount(3);
  for (const [node, outcome] of [
    ['node-a', 'changed'],
    ['node-b', 'changed'],
    ['node-c', 'unchanged'],
  ] as const) {
    await expect(outcomes(row).and(page.locator(`[data-node="${node}"]`))).toHaveAttribute('data-outcome', outcome);
  }
  for (const node of FLEET_NODES) await expect(nodeCell(row, node)).toHaveAttribute('data-state', 'healthy');
  for (const node of FLEET_NODES) expect(await circuitOn(fleet.nodes[node])).toBe('closed');
  await expectNoSeriousViolations(page);
  await page.screenshot({ path: 'artifacts/fleet-reset.png', fullPage: true });
  // A phone's width too: the switch and the per-node results wrap, nothing hides to the side.
  await page.setViewportSize({ width: 390, height: 900 });
  await expectNoSeriousViolations(page);
  await page.screenshot({ path: 'artifacts/fleet-reset-390.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await row.getByRole('button', { name: 'Dismiss' }).click();
  await expect(row.getByTestId('action-result')).toHaveCount(0);

  // Open on A and B again; reset B alone: A stays open.
  await failOnce(fleet.nodes['node-a']);
  await failOnce(fleet.nodes['node-b']);
  await expect(nodeCell(row, 'node-b')).toHaveAttribute('data-state', 'unhealthy');
  await row.getByLabel(`Nodes for target ${address}`).selectOption('node-b');
  await row.getByRole('button', { name: `Reset circuit target ${address}` }).click();
  await expect(row.getByTestId('action-result-text')).toHaveText('circuit closed on 1 of 1 node');
  await expect(nodeCell(row, 'node-b')).toHaveAttribute('data-state', 'healthy');
  await expect(nodeCell(row, 'node-a')).toHaveAttribute('data-state', 'unhealthy');
  expect(await circuitOn(fleet.nodes['node-a'])).toBe('open');
  expect(await circuitOn(fleet.nodes['node-b'])).toBe('closed');
});

test('a stopped node turns lost on the Nodes page and in the grid, and a fleet-wide action skips it', async ({ loggedInPage: page }) => {
  test.setTimeout(90_000);
  const gridPage = await page.context().newPage();
  await gridPage.goto('/?view=fleet');
  const row = flakyRow(gridPage);
  await expect(nodeCell(row, 'node-c')).toHaveAttribute('data-state', 'healthy');

  await page.goto('/nodes');
  const nodeRow = (id: FleetNodeId) => page.getByTestId('node-row').and(page.locator(`[data-node="${id}"]`));
  await expect(page.getByTestId('node-row')).toHaveCount(3);
  for (const id of FLEET_NODES) {
    await expect(nodeRow(id)).toHaveAttribute('data-status', 'up');
    await expect(nodeRow(id).getByTestId('node-config')).toHaveAttribute('data-config', 'current');
    await expect(nodeRow(id)).toContainText(`http://127.0.0.1:${fleetPorts.node(id).admin}`);
  }
  await expect(nodeRow('node-a')).toContainText('(this node)');
  await expect(page.getByTestId('nodes-summary')).toContainText('3 nodes · 3 up');

  // Both pages watched at once, each timed on its own from the moment the stop was asked.
  const shownLost = (locator: Locator, attribute: string) =>
    expect
      .poll(() => locator.getAttribute(attribute), { intervals: [100], timeout: NODE_LOST_AFTER_MS + 5_000 })
      .toBe('lost')
      .then(() => Date.now());
  const stopping = Date.now();
  const [stopped, lostOnPage, lostInGrid] = await Promise.all([
    fleet.nodes['node-c'].process.stop().then(() => Date.now()),
    shownLost(nodeRow('node-c'), 'data-status'),
    shownLost(nodeCell(row, 'node-c'), 'data-state'),
  ]);
  const listed = await admin<{
    nodes: Array<{ id: string; lastSeenAt: number; stoppedAt: number | null; ready: boolean; status: string }>;
  }>(fleet.nodes['node-a'], 'nodes.list', undefined, 'query');
  const c = listed.nodes.find((node) => node.id === 'node-c')!;
  expect(c).toMatchObject({ status: 'lost', ready: false, stoppedAt: expect.any(Number) }); // its shutdown's last step said so
  const report = [
    `node-c stopped (SIGTERM to exit) in ${stopped - stopping} ms; its stop written ${c.stoppedAt! - stopping} ms after SIGTERM`,
    `Nodes page: lost ${lostOnPage - stopping} ms after SIGTERM (${lostOnPage - c.stoppedAt!} ms after its stop was written)`,
    `grid: lost ${lostInGrid - stopping} ms after SIGTERM (${lostInGrid - c.stoppedAt!} ms after its stop was written)`,
  ].join('\n');
  console.log(report);
  test.info().annotations.push({ type: 'lost after', description: report });
  // Lost within 15 s of the stop: a node that stops cleanly is lost as soon as its stop is
  // written, not 15 s after its last heartbeat (which alone would take 15 s or more from here).
  for (const shown of [lostOnPage, lostInGrid]) expect(shown - stopping).toBeLessThanOrEqual(NODE_LOST_AFTER_MS);
  await expect(page.getByTestId('nodes-summary')).toContainText('3 nodes · 2 up · 1 lost');
  await expect(nodeRow('node-c').getByTestId('node-status')).toHaveText(/Lost · stopped \d{1,2}:\d{2}:\d{2}$/);
  await expect(nodeRow('node-c').getByTestId('node-last-seen')).toHaveText(/^(just now|1?\d s ago)$/);
  await expectNoSeriousViolations(page);
  await page.screenshot({ path: 'artifacts/fleet-nodes-lost.png', fullPage: true });

  // The grid counts only nodes that are not lost; a fleet-wide reset skips the lost one.
  await expect(row.getByTestId('fleet-summary')).toHaveText('Healthy on 1 of 2 nodes · unhealthy on 1');
  await gridPage.getByRole('button', { name: `Reset circuit target 127.0.0.1:${flaky.port}` }).click();
  await expect(row.getByTestId('action-result-text')).toHaveText(/^circuit closed on 1 of 3 nodes/);
  for (const [node, outcome] of [
    ['node-a', 'changed'],
    ['node-b', 'unchanged'],
    ['node-c', 'skipped'],
  ] as const) {
    await expect(outcomes(row).and(gridPage.locator(`[data-node="${node}"]`))).toHaveAttribute('data-outcome', outcome);
  }
  await gridPage.screenshot({ path: 'artifacts/fleet-grid-lost.png', fullPage: true });

  // Its own view says it stopped, and when.
  await gridPage.getByRole('group', { name: 'Grid view' }).getByRole('button', { name: 'node-c (lost)' }).click();
  await expect(gridPage.getByTestId('node-away')).toHaveText(
    /^Node node-c is lost \(stopped \d{1,2}:\d{2}:\d{2}\): its cells are not known\.$/,
  );
  await gridPage.close();
});
