import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBackend, startFakeBackend } from '../demo/fake-ai-backend.ts';
import { call, gridCell, resetGateway, startTestRuntime, TEST_TOKEN, type TestRuntime, waitFor } from './harness.ts';
import { waitForCell } from './support/wait-for-cell.ts';

// A target whose own key is refused, against real fake AI services that check keys: the
// refusal is the target's config failing, never the caller's answer. Each key is injected by
// its target (`headers`); the services accept only their own key until a test revokes it.

const KEYS = ['sk-key-a-0123456789abcdef', 'sk-key-b-0123456789abcdef', 'sk-key-c-0123456789abcdef'] as const;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

let hw: TestRuntime;
let services: FakeBackend[];
beforeAll(async () => {
  [hw, ...services] = (await Promise.all([
    startTestRuntime(),
    ...KEYS.map((apiKey, index) => startFakeBackend({ name: `service-${'abc'[index]}`, apiKey })),
  ])) as [TestRuntime, ...FakeBackend[]];
});
afterAll(async () => {
  await Promise.all([hw.stop(), ...services.map((service) => service.close())]);
});
afterEach(async () => {
  await resetGateway(hw, ...services);
  services.forEach((service, index) => {
    service.setApiKey(KEYS[index]!);
  });
});

/** A pool of the three keyed services; retries off, so any retry seen here is the refusal's own. */
async function keyedPool(name: string, extra: Record<string, unknown> = {}) {
  const upstream = await hw.client.upstreams.create.mutate({
    name,
    retries: 0,
    slowStartMs: 0,
    targets: services.map((service, index) => ({ host: '127.0.0.1', port: service.port, headers: bearer(KEYS[index]!) })),
    ...extra,
  });
  return upstream.targets.map((target) => target.id);
}

/**
 * A keyed pool whose targets are probed on `path` every `intervalMs`: once the first service's
 * first probe passed, its key is revoked at the service and the service is returned.
 */
async function probedPool(name: string, path: string, intervalMs: number): Promise<FakeBackend> {
  await keyedPool(name, { healthChecks: { active: { path, healthy: { intervalMs, successes: 1 }, unhealthy: { intervalMs } } } });
  const first = services[0]!;
  await waitForCell(hw, 'the first probe', { upstream: name, port: first.port }, (cell) => cell.state === 'healthy');
  first.setApiKey('sk-rotated-at-the-service');
  return first;
}

/** The upstream's credentials events, oldest first (`events.list` writes what is pending first). */
async function credentialEvents(upstream: string) {
  const events = await hw.client.events.list.query({ upstream });
  return events.filter((event) => event.kind === 'credentials').reverse();
}

/** What each service's counters moved by while `action` ran (they count since the services started). */
async function counted(action: () => Promise<unknown>): Promise<{ unauthorized: number[]; served: number[] }> {
  const before = services.map((service) => ({ unauthorized: service.unauthorized, served: service.served }));
  await action();
  return {
    unauthorized: services.map((service, index) => service.unauthorized - before[index]!.unauthorized),
    served: services.map((service, index) => service.served - before[index]!.served),
  };
}

async function statuses(upstream: string, count: number): Promise<Record<number, number>> {
  const seen: Record<number, number> = {};
  for (let index = 0; index < count; index++) {
    const { status } = await call(hw.dataUrl, upstream);
    seen[status] = (seen[status] ?? 0) + 1;
  }
  return seen;
}

const rejected = (reason: string) => (cell: { state: string; reasons: string[]; credentials: string }) =>
  cell.credentials === 'rejected' && cell.state === 'unhealthy' && cell.reasons.includes(reason);

describe('a target whose key is revoked', () => {
  it('never shows its 401 to a caller: the request moves to another key, the target is rejected on the grid, in the log and in the metrics', async () => {
    const [revokedId] = await keyedPool('revoked');
    const revoked = services[0]!;
    revoked.setApiKey('sk-rotated-at-the-service');

    let seen: Record<number, number> = {};
    const moved = await counted(async () => {
      seen = await statuses('revoked', 30);
    });
    expect(seen).toEqual({ 200: 30 });
    expect(moved.unauthorized).toEqual([1, 0, 0]); // refused once, then out of rotation
    const cell = await gridCell(hw, 'revoked', revoked.port);
    expect(cell).toMatchObject({ state: 'unhealthy', credentials: 'rejected', reasons: ['credentials rejected (401)'] });

    expect(await credentialEvents('revoked')).toMatchObject([
      { targetId: revokedId, from: 'accepted', to: 'rejected', reason: 'credentials rejected (401)' },
    ]);
    const metrics = await (await request(`${hw.adminUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).body.text();
    expect(metrics).toContain(
      `headwater_target_credentials_rejections_total{upstream="revoked",target="127.0.0.1:${revoked.port}",status="401"} 1`,
    );
    expect(metrics).toContain('headwater_attempts_total{upstream="revoked",outcome="credentials-rejected"} 1');
    expect(metrics).toContain('headwater_retries_total{upstream="revoked"} 0'); // moving on from a refused key is no retry
  });

  it('marks the request that met the refusal as answered by another key, at its second attempt', async () => {
    await keyedPool('marks');
    services[1]!.setApiKey('sk-rotated-at-the-service');
    const answers = [];
    for (let index = 0; index < 6; index++) answers.push(await call(hw.dataUrl, 'marks'));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const backends = answers.map((answer) => `${answer.headers['x-backend']} #${answer.headers['x-headwater-attempts']}`);
    expect(backends.filter((seen) => seen.endsWith('#2'))).toEqual([expect.stringMatching(/^service-[ac] #2$/)]);
    expect(backends.filter((seen) => seen.startsWith('service-b'))).toEqual([]);
  });

  it('comes back when its key is replaced in the config, and only then', async () => {
    const [revokedId] = await keyedPool('replaced');
    const revoked = services[0]!;
    revoked.setApiKey('sk-new-key-0123456789abcdef');
    await statuses('replaced', 3);
    await waitForCell(hw, 'the rejection', { upstream: 'replaced', port: revoked.port }, rejected('credentials rejected (401)'));
    // Traffic never clears it: the key is still wrong.
    const meanwhile = await counted(() => statuses('replaced', 10));
    expect(meanwhile.served[0]).toBe(0);

    await hw.client.targets.update.mutate({ id: revokedId!, changes: { headers: bearer('sk-new-key-0123456789abcdef') } });
    const back = await waitForCell(hw, 'the target back', { upstream: 'replaced', port: revoked.port }, (cell) => cell.state === 'healthy');
    expect(back).toMatchObject({ credentials: 'accepted', reasons: [] });
    const after = await counted(() => statuses('replaced', 6));
    expect(after.served[0]).toBeGreaterThan(0);
    expect(after.unauthorized).toEqual([0, 0, 0]);
    const events = await credentialEvents('replaced');
    expect(events.map((event) => event.reason)).toEqual(['credentials rejected (401)', 'target config changed']);
  });

  it('comes back by an operator clearing it (the key was fixed at the service), on every node', async () => {
    const [id] = await keyedPool('cleared');
    const revoked = services[0]!;
    revoked.setApiKey('sk-rotated-at-the-service');
    await statuses('cleared', 3);
    await waitForCell(hw, 'the rejection', { upstream: 'cleared', port: revoked.port }, rejected('credentials rejected (401)'));

    revoked.setApiKey(KEYS[0]);
    const result = await hw.client.targets.clearCredentials.mutate({ id: id! });
    expect(result).toMatchObject({ changed: true, message: 'credentials cleared on 1 of 1 node' });
    expect((await gridCell(hw, 'cleared', revoked.port))!.credentials).toBe('accepted');
    const again = await hw.client.targets.clearCredentials.mutate({ id: id! });
    expect(again).toMatchObject({ changed: false, message: 'credentials not rejected on 1 of 1 node' });
    expect((await credentialEvents('cleared')).at(-1)).toMatchObject({ from: 'rejected', to: 'accepted', reason: 'cleared by operator' });
  });

  it('is rejected by an active check on a path that checks the key, before any caller meets it, and comes back when that check passes', async () => {
    const revoked = await probedPool('probed', '/v1/models', 100);
    // No traffic at all: the probe of /v1/models carries the key and is refused.
    const rejectedCell = await waitForCell(
      hw,
      'the rejection',
      { upstream: 'probed', port: revoked.port },
      (cell) => cell.credentials === 'rejected',
    );
    expect(rejectedCell.reasons).toContain('credentials rejected (401)');
    const meanwhile = await counted(() => statuses('probed', 6));
    expect(meanwhile.served[0]).toBe(meanwhile.unauthorized[0]); // only probes reached it, all refused

    revoked.setApiKey(KEYS[0]);
    const back = await waitForCell(
      hw,
      'the probe to clear it',
      { upstream: 'probed', port: revoked.port },
      (cell) => cell.state === 'healthy',
    );
    expect(back.credentials).toBe('accepted');
    expect((await credentialEvents('probed')).map((event) => event.reason)).toEqual([
      'credentials rejected (401)',
      'active check passed with the same headers',
    ]);
  });

  it('is not cleared by an active check on an open path, which proves nothing about the key', async () => {
    const revoked = await probedPool('open-probe', '/health', 50);
    const moved = await counted(async () => {
      await statuses('open-probe', 3);
      await waitForCell(hw, 'the rejection', { upstream: 'open-probe', port: revoked.port }, (cell) => cell.credentials === 'rejected');
      const probesBefore = revoked.probes.count;
      await waitFor('five more passing probes', () => revoked.probes.count >= probesBefore + 5);
      expect(await statuses('open-probe', 9)).toEqual({ 200: 9 });
    });
    expect(moved.unauthorized[0]).toBe(1); // no flapping: the passing /health probes left it rejected
    expect((await gridCell(hw, 'open-probe', revoked.port))!.credentials).toBe('rejected');
  });

  it('counts 402 and 403 the same, each named by its status', async () => {
    await keyedPool('refusals');
    services[0]!.queue({ kind: 'status', status: 402 });
    services[1]!.queue({ kind: 'status', status: 403 });
    const reasons = async (service: FakeBackend) => (await gridCell(hw, 'refusals', service.port))!.reasons;
    const bothRefused = async () => (await reasons(services[0]!)).length > 0 && (await reasons(services[1]!)).length > 0;
    const statusesSeen = new Set<number>();
    // Every target is visited within a round of the rotation: a few requests meet both refusals.
    for (let index = 0; index < 6 && !(await bothRefused()); index++) statusesSeen.add((await call(hw.dataUrl, 'refusals')).status);
    expect([...statusesSeen]).toEqual([200]);
    expect(await reasons(services[0]!)).toEqual(['credentials rejected (402 payment required)']);
    expect(await reasons(services[1]!)).toEqual(['credentials rejected (403)']);
  });

  it("answers the others' 429 with its Retry-After when the only targets left are cooling down", async () => {
    const [a, b] = services as [FakeBackend, FakeBackend];
    await hw.client.upstreams.create.mutate({
      name: 'refused-then-cooling',
      retries: 0,
      slowStartMs: 0,
      targets: [a, b].map((service, index) => ({ host: '127.0.0.1', port: service.port, headers: bearer(KEYS[index]!) })),
    });
    b.queue({ kind: 'status', status: 429, retryAfter: '30' });
    const servedByB = b.served;
    for (let index = 0; index < 4 && b.served === servedByB; index++) await call(hw.dataUrl, 'refused-then-cooling');
    await waitForCell(hw, 'b cooling down', { upstream: 'refused-then-cooling', port: b.port }, (cell) => cell.cooldownUntil !== null);
    a.setApiKey('sk-rotated-at-the-service');
    const answer = await call(hw.dataUrl, 'refused-then-cooling');
    expect(answer.status).toBe(429);
    expect(JSON.parse(answer.text).error).toMatchObject({ type: 'all_cooling_down' });
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(20);
    expect((await gridCell(hw, 'refused-then-cooling', a.port))!.credentials).toBe('rejected');
  });

  it('answers a gateway error, never a 401, when every key is refused', async () => {
    await keyedPool('all-revoked');
    for (const service of services) service.setApiKey('sk-rotated-at-the-service');
    const moved = await counted(async () => {
      const first = await call(hw.dataUrl, 'all-revoked');
      expect(first.status).toBe(502);
      expect(JSON.parse(first.text).error).toMatchObject({ type: 'credentials_rejected', attempts: 3 });
      expect(first.text).not.toContain('sk-');
      const next = await call(hw.dataUrl, 'all-revoked');
      expect(next.status).toBe(503); // no target left in rotation
    });
    expect(moved.unauthorized).toEqual([1, 1, 1]);
  });

  it('does not retry a body it could not hold, and still answers a gateway error rather than the 401', async () => {
    await keyedPool('big-body', { retryBufferBytes: 1_024 });
    for (const service of services) service.setApiKey('sk-rotated-at-the-service');
    const moved = await counted(async () => {
      const answer = await call(hw.dataUrl, 'big-body', { body: { model: 'fake', padding: 'x'.repeat(4_096) } });
      expect(answer.status).toBe(502);
      expect(JSON.parse(answer.text).error).toMatchObject({ type: 'credentials_rejected', attempts: 1 });
    });
    expect(moved.unauthorized.reduce((sum, count) => sum + count)).toBe(1); // one attempt: the streamed body could not go twice
  });
});

describe("a caller's own 401", () => {
  it('is relayed as it came when the target injects headers but no key of its own (an organisation header)', async () => {
    const service = services[0]!;
    await hw.client.upstreams.create.mutate({
      name: 'org-only',
      retries: 0,
      targets: [{ host: '127.0.0.1', port: service.port, headers: { 'openai-organization': 'org-shared-0123456789' } }],
    });
    const response = await request(`${hw.dataUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { host: 'org-only', 'content-type': 'application/json', authorization: 'Bearer sk-the-callers-own-wrong-key' },
      body: JSON.stringify({ model: 'fake' }),
    });
    expect(response.statusCode).toBe(401);
    await response.body.dump();
    expect(await gridCell(hw, 'org-only', service.port)).toMatchObject({ state: 'healthy', credentials: 'accepted' });
    expect(await credentialEvents('org-only')).toEqual([]);
  });

  it('is relayed as it came, and changes no fact, when the target injects no headers', async () => {
    const service = services[0]!;
    await hw.client.upstreams.create.mutate({ name: 'callers-key', retries: 2, targets: [{ host: '127.0.0.1', port: service.port }] });
    const moved = await counted(async () => {
      const response = await request(`${hw.dataUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { host: 'callers-key', 'content-type': 'application/json', authorization: 'Bearer sk-the-callers-own-wrong-key' },
        body: JSON.stringify({ model: 'fake' }),
      });
      expect(response.statusCode).toBe(401);
      expect(((await response.body.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
    });
    expect(moved.unauthorized).toEqual([1, 0, 0]);
    const cell = await gridCell(hw, 'callers-key', service.port);
    expect(cell).toMatchObject({ state: 'healthy', credentials: 'accepted', reasons: [] });
    expect(await credentialEvents('callers-key')).toEqual([]);
  });
});
