import { request as httpRequest } from 'node:http';
import { openDatabase } from '@headwater/prisma';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/admin/router.ts';
import { startTestRuntime, TEST_TOKEN, type TestRuntime } from './harness.ts';
import { dumpConfig } from './support/config-dump.ts';
import { hostileValue, hostileYaml, nearly } from './support/hostile-inputs.ts';

// Every admin procedure, fed inputs a hostile or careless token holder sends (property-based):
// the answer is never a server error, a refused call stores nothing (every config table
// byte-identical), no answer quotes the database, and calls without the token are refused.

const RUNS_PER_PROCEDURE = 100;

let hw: TestRuntime;
let db: Awaited<ReturnType<typeof openDatabase>>;
/** The target every run can aim at: re-created whenever a run changed the config. */
let seedTargetId = '';
/** Stands for the seeded target's id in generated inputs, which outlive a re-seed. */
const SEED_TARGET_ID = 'seed-target-id';

const withSeedTargetId = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value ?? null, (_, item: unknown) => (item === SEED_TARGET_ID ? seedTargetId : item)));

const seedTarget = {
  host: '127.0.0.1',
  port: 9100,
  protocol: 'http',
  weight: 10,
  headers: { authorization: 'Bearer sk-seed-0123456789' },
  healthChecks: { active: { path: '/ready', healthy: { successes: 1 } }, passive: { consecutiveFailures: 2 } },
};
const seedUpstream = {
  name: 'seed',
  algorithm: 'consistent-hash',
  hashOn: 'header:x-user',
  retries: 1,
  retryOn: ['502', 'reset'],
  timeouts: { connectMs: 1_000, totalMs: 0 },
  healthChecks: {
    active: { path: '/health', headers: { 'x-probe': '1' }, healthy: { intervalMs: 5_000, successes: 2 }, unhealthy: { timeouts: 2 } },
    passive: { unhealthyStatuses: [500, '502-504'], errorRatePct: 40 },
  },
  proxy: { host: '127.0.0.1', port: 3128, username: 'ops', password: 'proxy-password-0123' },
  targets: [seedTarget],
};

/** The stored config after the last call that was allowed to change it: a refused call must leave exactly this. */
let storedBefore = '';

async function reseed(): Promise<void> {
  for (const upstream of await hw.client.upstreams.list.query()) await hw.client.upstreams.delete.mutate({ name: upstream.name });
  seedTargetId = (await hw.client.upstreams.create.mutate(seedUpstream as never)).targets[0]!.id;
  await db.event.deleteMany({}); // keeps each comparison of the whole log short
}

/** Still just the seed, with its target: what a run that succeeded may have changed in passing is kept. */
async function stillSeeded(): Promise<boolean> {
  const target = await db.target.findUnique({ where: { id: seedTargetId }, include: { upstream: true } });
  return target?.upstream.name === 'seed' && (await db.upstream.count()) === 1;
}

/**
 * After a call: a refusal (4xx) stored nothing, and quoted no database. An accepted call may
 * have changed the config: the seed comes back if it was changed away, or is draining (a drain
 * ends by a write of its own, whenever the live state notices; deleting the target makes that
 * write a no-op), and the stored config is read anew.
 */
async function judge(status: number, text: string): Promise<void> {
  if (status >= 400) {
    expect(text).not.toMatch(/prisma|invocation|sqlite|postgres/i);
    expect(await dumpConfig(db)).toBe(storedBefore);
    return;
  }
  if (!(await stillSeeded()) || (await db.target.count({ where: { adminState: 'draining' } })) > 0) await reseed();
  storedBefore = await dumpConfig(db);
}

beforeAll(async () => {
  hw = await startTestRuntime();
  db = await openDatabase(hw.databaseUrl);
  await reseed();
  storedBefore = await dumpConfig(db);
});
afterAll(async () => {
  await db.$disconnect();
  await hw.stop();
});

type Kind = 'query' | 'mutation';

/** One call as any HTTP client can make it: the input as JSON, or a raw body as given. */
async function send(kind: Kind, path: string, input: unknown, options: { raw?: string; authorization?: string } = {}) {
  const headers = { authorization: options.authorization ?? `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' };
  const json = input === undefined ? undefined : JSON.stringify(input);
  const url = `${hw.adminUrl}/trpc/${path}${kind === 'query' && json !== undefined ? `?input=${encodeURIComponent(json)}` : ''}`;
  const response = await request(url, {
    method: kind === 'query' ? 'GET' : 'POST',
    headers,
    ...(kind === 'mutation' ? { body: options.raw ?? json ?? '' } : {}),
  });
  return { status: response.statusCode, text: await response.body.text() };
}

/** What each procedure is fed: near-valid versions of a valid input, aimed at the seeded upstream and target. */
const inputs: Record<string, { kind: Kind; input: () => fc.Arbitrary<unknown> }> = {
  'upstreams.list': { kind: 'query', input: () => hostileValue },
  'upstreams.get': { kind: 'query', input: () => nearly({ name: 'seed' }) },
  'upstreams.create': { kind: 'mutation', input: () => nearly({ ...seedUpstream, name: 'fuzzed' }) },
  'upstreams.update': { kind: 'mutation', input: () => nearly({ name: 'seed', changes: { ...seedUpstream, targets: undefined } }) },
  'upstreams.delete': { kind: 'mutation', input: () => nearly({ name: 'seed' }) },
  'targets.create': { kind: 'mutation', input: () => nearly({ upstream: 'seed', target: { ...seedTarget, port: 9101 } }) },
  'targets.update': { kind: 'mutation', input: () => nearly({ id: SEED_TARGET_ID, changes: { ...seedTarget, port: 9102 } }) },
  'targets.delete': { kind: 'mutation', input: () => nearly({ id: SEED_TARGET_ID }) },
  'targets.enable': { kind: 'mutation', input: () => nearly({ id: SEED_TARGET_ID }) },
  'targets.drain': { kind: 'mutation', input: () => nearly({ id: SEED_TARGET_ID }) },
  'targets.disable': { kind: 'mutation', input: () => nearly({ id: SEED_TARGET_ID }) },
  'targets.resetCircuit': { kind: 'mutation', input: () => nearly({ id: SEED_TARGET_ID, node: 'test-node' }) },
  'targets.endCooldown': { kind: 'mutation', input: () => nearly({ id: SEED_TARGET_ID, node: 'test-node' }) },
  'targets.clearCredentials': { kind: 'mutation', input: () => nearly({ id: SEED_TARGET_ID, node: 'test-node' }) },
  'targets.history': { kind: 'query', input: () => nearly({ id: SEED_TARGET_ID }) },
  'events.list': { kind: 'query', input: () => nearly({ upstream: 'seed', targetId: SEED_TARGET_ID, limit: 10 }) },
  'states.get': { kind: 'query', input: () => hostileValue },
  'states.fleet': { kind: 'query', input: () => hostileValue },
  'nodes.list': { kind: 'query', input: () => hostileValue },
  'runtime.status': { kind: 'query', input: () => hostileValue },
  'config.export': { kind: 'query', input: () => nearly({ secrets: 'placeholders' }) },
  'config.import': {
    kind: 'mutation',
    input: () => fc.record({ yaml: hostileYaml({ upstreams: [seedUpstream] }), dryRun: fc.boolean() }).chain((value) => nearly(value)),
  },
};

describe('admin procedures fed hostile input', () => {
  it('covers every procedure but the live subscriptions', () => {
    const subscriptions = ['states.watch', 'states.watchFleet'];
    const paths = Object.keys(appRouter._def.procedures as object).filter((path) => !subscriptions.includes(path));
    expect(Object.keys(inputs).sort()).toEqual(paths.sort());
  });

  it.each(Object.entries(inputs))(
    '%s: never a server error; a refusal stores nothing and never quotes the database',
    async (path, { kind, input }) => {
      await fc.assert(
        fc.asyncProperty(input(), async (value) => {
          const { status, text } = await send(kind, path, withSeedTargetId(value));
          expect(status, text).toBeLessThan(500);
          await judge(status, text);
        }),
        { numRuns: RUNS_PER_PROCEDURE },
      );
    },
  );

  it('answers a mutation body that is not JSON with a client error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(inputs).filter((path) => inputs[path]!.kind === 'mutation')),
        fc.string({ unit: 'binary' }),
        async (path, raw) => {
          const { status, text } = await send('mutation', path, undefined, { raw });
          expect(status, text).toBeLessThan(500);
          await judge(status, text);
        },
      ),
      { numRuns: RUNS_PER_PROCEDURE },
    );
  });

  it('refuses typos at any depth, naming where they are, through the API and in YAML alike', async () => {
    const typo = { name: 'typo', healthChecks: { active: { healthy: { sucesses: 3 } } } };
    const api = await send('mutation', 'upstreams.create', typo);
    expect(api.status).toBe(400);
    expect(JSON.parse(api.text).error.message).toBe('healthChecks.active.healthy: Unrecognized key: "sucesses"');
    const yaml = 'upstreams:\n  - name: typo\n    healthChecks: { passive: {}, active: { unhealthy: { timeout: 1 } } }\n';
    const imported = await send('mutation', 'config.import', { yaml });
    expect(JSON.parse(imported.text).error.message).toBe('upstreams.0.healthChecks.active.unhealthy: Unrecognized key: "timeout"');
  });
});

describe('admin calls without the token', () => {
  /** Sends an exact Authorization header (bytes 0x80-0xFF included), which fetch would refuse to send. */
  const rawStatus = (authorization: string | undefined) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(`${hw.adminUrl}/trpc/upstreams.list`);
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: authorization === undefined ? {} : { authorization },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a scheme without a token', 'Bearer'],
    ['a blank token', 'Bearer  '],
    ['a no-break space for a token', 'Bearer \u00a0'],
    ['the token with a no-break space after it', `Bearer ${TEST_TOKEN}\u00a0`],
    ['the token twice', `Bearer ${TEST_TOKEN}${TEST_TOKEN}`],
    ['part of the token', `Bearer ${TEST_TOKEN.slice(0, -1)}`],
    ['another scheme', `Basic ${TEST_TOKEN}`],
  ])('refuses a call whose token is %s with 401', async (_, authorization) => {
    expect(await rawStatus(authorization)).toBe(401);
  });

  it('accepts the token itself, with the scheme in any case', async () => {
    expect(await rawStatus(`Bearer ${TEST_TOKEN}`)).toBe(200);
    expect(await rawStatus(`bearer ${TEST_TOKEN}`)).toBe(200);
  });
});
