import { TRPCClientError } from '@trpc/client';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, gridCell, rejection, startTestRuntime, storedEvents, type TestRuntime, waitFor } from './harness.ts';
import { type PrivatePostgres, type StopMode, startPrivatePostgres } from './support/private-postgres.ts';

// The config database stopping and starting under two running nodes. The database is a private
// throwaway cluster of this test's own: the shared server on 5432 is never touched.

const CONFIG_POLL_MS = 1_000;
/** Room for a reload after the version check, on a loaded 2-core machine (as in postgres.test.ts). */
const RELOAD_ALLOWANCE_MS = 1_000;
/** How long the outage lasts: several polls fail, so a log line per poll would show. */
const OUTAGE_MS = 4 * CONFIG_POLL_MS;
/** Bounds a recovery that never comes (the measured time is reported, not asserted tight). */
const RECOVERY_BOUND_MS = 10_000;
/** Node C's poll: so long that only a config notification (NOTIFY) brings it a change within the test. */
const NOTIFY_ONLY_POLL_MS = 600_000;
/** The spec: a change reaches every node within a second. */
const ARRIVAL_BOUND_MS = 1_000;

let pg: PrivatePostgres;
let nodeA: TestRuntime;
let nodeB: TestRuntime;
let nodeC: TestRuntime;
let good: FakeBackend;
let flaky: FakeBackend;

beforeAll(async () => {
  pg = await startPrivatePostgres();
  [good, flaky] = await Promise.all([startFakeBackend({ name: 'good' }), startFakeBackend({ name: 'flaky' })]);
  const env = (node: string) => ({ HEADWATER_NODE_ID: node, HEADWATER_CONFIG_POLL_MS: String(CONFIG_POLL_MS) });
  nodeA = await startTestRuntime({ databaseUrl: pg.url, env: env('node-a') });
  nodeB = await startTestRuntime({ databaseUrl: pg.url, env: env('node-b') });
  nodeC = await startTestRuntime({ databaseUrl: pg.url, env: { ...env('node-c'), HEADWATER_CONFIG_POLL_MS: String(NOTIFY_ONLY_POLL_MS) } });
}, 60_000);
// A case that failed during its outage leaves the next one a running database.
afterEach(async () => {
  if (pg && !pg.running) await pg.start();
});
afterAll(async () => {
  await Promise.all([nodeA?.stop(), nodeB?.stop(), nodeC?.stop(), good?.close(), flaky?.close()]);
  await pg?.destroy();
});

/** A node's log lines since `since` (its log's length then) whose message matches. */
const logged = (node: TestRuntime, since: number, pattern: RegExp) => node.logs.slice(since).filter((line) => pattern.test(line.msg));
const names = async (node: TestRuntime) => (await node.client.upstreams.list.query()).map((upstream) => upstream.name);
const target = (backend: FakeBackend) => ({ host: '127.0.0.1', port: backend.port });

/** What an admin write got: the tRPC error code and message, or 'ok'. */
async function write(node: TestRuntime, name: string): Promise<{ code: string; message: string }> {
  try {
    await node.client.upstreams.create.mutate({ name, targets: [target(good)] });
    return { code: 'ok', message: '' };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    return { code: String(error.data?.code), message: error.message };
  }
}

describe.each<[StopMode, string]>([
  ['fast', 'stopped cleanly (clients told)'],
  ['immediate', 'crashed (connections cut, crash recovery at start)'],
])('the config database stopping (-m %s: %s) and starting under running nodes', (mode) => {
  it('serves the last good config through the outage, refuses writes clearly, logs once, and catches up after', async ({ annotate }) => {
    const name = (suffix: string) => `${mode}-${suffix}`;
    const since = { a: nodeA.logs.length, b: nodeB.logs.length, c: nodeC.logs.length };
    const sinceOf = (node: TestRuntime) => (node === nodeA ? since.a : since.b);
    flaky.setMode({ kind: 'ok' });
    // Before: one upstream on both nodes. flaky will fail during the outage; its 503s are retried at good.
    await nodeA.client.upstreams.create.mutate({
      name: name('steady'),
      retries: 1,
      slowStartMs: 0,
      healthChecks: { passive: { consecutiveFailures: 1, baseEjectionMs: 60_000, maxEjectionPct: 100 } },
      targets: [target(good), target(flaky)],
    });
    await waitFor('node B to serve the upstream', async () => (await call(nodeB.dataUrl, name('steady'))).status === 200);

    const stoppingAt = Date.now();
    await pg.stop(mode);
    const stoppedAt = Date.now();
    flaky.setMode({ kind: 'status', status: 503 });

    // Through the outage, both nodes serve their last good config.
    const statuses: number[] = [];
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      statuses.push((await call(nodeA.dataUrl, name('steady'))).status, (await call(nodeB.dataUrl, name('steady'))).status);
    }
    expect(statuses.length).toBeGreaterThan(8);
    expect(statuses.every((status) => status === 200)).toBe(true);
    // Live state needs no database: flaky's circuit opened on node A, and the grid shows it.
    expect(await gridCell(nodeA, name('steady'), flaky.port)).toMatchObject({ circuit: 'open' });

    // An admin write is refused with a clear error, and writes nothing (checked after the restart).
    const writeStartedAt = Date.now();
    const refused = await write(nodeA, name('during'));
    const refusedInMs = Date.now() - writeStartedAt;
    expect(refused).toEqual({ code: 'SERVICE_UNAVAILABLE', message: 'the configuration database is unreachable; nothing was changed' });

    // /readyz: the node serves its last good config, so it stays in its load balancer's rotation, and says why it is degraded.
    const readyz = await request(`${nodeA.adminUrl}/readyz`);
    const readyzBody = await readyz.body.text();
    const readyzDuringOutage = `${readyz.statusCode} ${readyzBody}`;
    expect(readyz.statusCode).toBe(200);
    const status = await nodeA.client.runtime.status.query(); // from memory: answers while the database does not
    expect(status).toMatchObject({ node: 'node-a', ready: true, database: { status: 'unreachable' } });
    expect(status.database.since).toBeGreaterThanOrEqual(stoppingAt);
    expect(status.database.since).toBeLessThan(Date.now());
    const at = new Date(status.database.since!).toISOString().slice(11, 19);
    const detail = `database unreachable since ${at} UTC: serving config version ${status.configVersion}; admin writes are refused`;
    expect(status.database.detail).toBe(detail);
    expect(JSON.parse(readyzBody)).toEqual({
      status: 'ready',
      node: 'node-a',
      configVersion: status.configVersion,
      database: 'unreachable',
      detail,
    });
    // The node list is read from the database: refused with the same clear error as a write.
    expect((await rejection(nodeA.client.nodes.list.query())).data?.code).toBe('SERVICE_UNAVAILABLE');

    // Several polls failed on each node; each logged the outage once. flaky's circuit events are held, not dropped.
    for (const node of [nodeA, nodeB]) {
      expect(logged(node, sinceOf(node), /^config poll failed/)).toHaveLength(1);
      expect(logged(node, sinceOf(node), /^event log write failed/)).toHaveLength(1);
    }

    await pg.start();
    const restartedAt = Date.now();

    // After: a write through node A succeeds as soon as the database answers.
    const recovered = await waitFor(
      'a write through node A to succeed',
      async () => {
        const result = await write(nodeA, name('after'));
        if (result.code === 'ok') return Date.now();
        expect(result.code).toBe('SERVICE_UNAVAILABLE');
        return undefined;
      },
      RECOVERY_BOUND_MS,
    );
    const recoveryMs = recovered - restartedAt;

    // /readyz says the database answers again (the detail goes), once this node has seen it answer.
    await waitFor('node A to see the database answer', async () => {
      const body = (await (await request(`${nodeA.adminUrl}/readyz`)).body.json()) as Record<string, unknown>;
      return body.database === 'ok' && !('detail' in body);
    });

    // A change made through node B reaches node A by its next version check.
    await nodeB.client.upstreams.create.mutate({ name: name('from-b'), targets: [target(good)] });
    const writtenAt = Date.now();
    await waitFor('node A to serve the change made through node B', async () => (await call(nodeA.dataUrl, name('from-b'))).status === 200);
    const arrivalMs = Date.now() - writtenAt;
    expect(arrivalMs).toBeLessThan(CONFIG_POLL_MS + RELOAD_ALLOWANCE_MS);
    await waitFor('node B to serve the write made through node A', async () => (await call(nodeB.dataUrl, name('after'))).status === 200);

    // NOTIFY works again: node C, whose poll would take 10 minutes, listens again and hears the next change at once.
    await waitFor('node C to listen for config changes again', () => logged(nodeC, since.c, /^config notifications resumed/).length === 1);
    expect(logged(nodeC, since.c, /^config notifications lost/)).toHaveLength(1); // once per outage, whatever the retries
    await nodeB.client.upstreams.create.mutate({ name: name('notified'), targets: [target(good)] });
    const notifiedAt = Date.now();
    await waitFor(
      'node C to serve the change made through node B',
      async () => (await call(nodeC.dataUrl, name('notified'))).status === 200,
    );
    const notifiedMs = Date.now() - notifiedAt;
    expect(notifiedMs).toBeLessThan(ARRIVAL_BOUND_MS);

    // Nothing lost, nothing half-written: the config is what was written before and after, on both nodes.
    for (const node of [nodeA, nodeB]) {
      expect((await names(node)).filter((upstream) => upstream.startsWith(`${mode}-`))).toEqual([
        name('after'),
        name('from-b'),
        name('notified'),
        name('steady'),
      ]);
    }
    const flakyId = (await gridCell(nodeA, name('steady'), flaky.port))!.id;
    const held = await waitFor('the circuit events held through the outage to be written', async () => {
      const opened = (await storedEvents(pg.url, name('steady'))).filter(
        (e) => e.kind === 'circuit' && e.targetId === flakyId && e.to === 'open',
      );
      return opened.length === 2 ? opened : undefined; // one per node
    });
    for (const event of held) expect(event.at.getTime()).toBeGreaterThanOrEqual(stoppedAt);
    for (const event of held) expect(event.at.getTime()).toBeLessThan(restartedAt);

    // And each outage was logged once more, when it ended. (A held event can be visible to this
    // test's own connection a moment before its write returns to the node.)
    for (const node of [nodeA, nodeB]) {
      await waitFor('the poll to report its recovery', () => logged(node, sinceOf(node), /^config poll recovered/).length === 1);
      await waitFor('the event log to report its recovery', () => logged(node, sinceOf(node), /^event log writes resumed/).length === 1);
      expect(logged(node, sinceOf(node), /^config poll failed|^event log write failed/)).toHaveLength(2);
    }

    await annotate(
      `-m ${mode}, outage ${OUTAGE_MS} ms: ${statuses.length} data-plane requests, all 200; admin write refused in ${refusedInMs} ms; ` +
        `/readyz during the outage: ${readyzDuringOutage}; first write after the restart succeeded ${recoveryMs} ms after it; ` +
        `a change through node B reached node A in ${arrivalMs} ms, and node C (notifications only) in ${notifiedMs} ms`,
    );
  });
});
