import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBackend, startFakeBackend } from '../demo/fake-ai-backend.ts';
import { call, gridCell, startTestRuntime, TEST_TOKEN, type TestRuntime } from './harness.ts';

// Quota-aware routing against real fake AI services: three keys of one service whose
// per-minute request limits differ (60, 180, 180), each reporting its budget in OpenAI's
// headers and answering 429 once it is empty. The pool is driven past the smallest key's
// limit twice, side by side in one runtime: once with quotaAware on, once off. No retries, so
// what the keys answer is what callers get.

const LIMITS = [60, 180, 180] as const;
const REQUESTS = 200;
const CONCURRENCY = 4;
const WINDOW_MS = 60_000; // longer than the test: one window each

let hw: TestRuntime;
beforeAll(async () => {
  hw = await startTestRuntime();
});
afterAll(async () => {
  await hw.stop();
});

interface Arm {
  keys: FakeBackend[];
  /** Statuses callers got, by status. */
  statuses: Record<number, number>;
}

async function runArm(name: string, quotaAware: boolean): Promise<Arm> {
  const keys = await Promise.all(
    LIMITS.map((requests, index) =>
      startFakeBackend({ name: `${name}-${index}`, rateLimit: { style: 'openai', requests, windowMs: WINDOW_MS } }),
    ),
  );
  await hw.client.upstreams.create.mutate({
    name,
    quotaAware,
    retries: 0,
    slowStartMs: 0,
    targets: keys.map((key) => ({ host: '127.0.0.1', port: key.port })),
  });
  const statuses: Record<number, number> = {};
  let sent = 0;
  const caller = async () => {
    while (sent < REQUESTS) {
      sent++;
      const { status } = await call(hw.dataUrl, name);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
  return { keys, statuses };
}

/** Requests a key answered from its budget (its count of requests includes the 429s it refused). */
const granted = (key: FakeBackend) => key.served - key.rateLimited;

async function metricsText(): Promise<string> {
  const response = await request(`${hw.adminUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
  return response.body.text();
}

describe('three keys whose limits differ, driven past the smallest one', () => {
  let on: Arm;
  let off: Arm;
  beforeAll(async () => {
    on = await runArm('keys-quota-on', true);
    off = await runArm('keys-quota-off', false);
  });
  afterAll(async () => {
    await Promise.all([...on.keys, ...off.keys].map((key) => key.close()));
  });

  it('with quota-aware routing on: every caller gets 200, no key answers a 429, none serves past its limit', () => {
    expect(on.statuses).toEqual({ 200: REQUESTS });
    expect(on.keys.map((key) => key.rateLimited)).toEqual([0, 0, 0]);
    on.keys.forEach((key, index) => {
      expect(granted(key)).toBeLessThanOrEqual(LIMITS[index]!);
    });
    // The pool was really driven past the smallest key: it could not have served its third.
    expect(REQUESTS / LIMITS.length).toBeGreaterThan(LIMITS[0]);
    // Traffic moved away from the small key before it ran out: it served less than its round-robin third.
    expect(granted(on.keys[0]!)).toBeLessThan(REQUESTS / LIMITS.length);
    console.info(`quota-aware on: callers ${JSON.stringify(on.statuses)}; granted per key ${on.keys.map(granted).join(' / ')}`);
  });

  it('with it off: the small key takes its third, runs out, and callers get its 429s (reported)', () => {
    const tooMany = off.statuses[429] ?? 0;
    console.info(
      `quota-aware off: callers got ${tooMany} × 429 of ${REQUESTS}; granted per key ${off.keys.map(granted).join(' / ')}; ` +
        `429s answered per key ${off.keys.map((key) => key.rateLimited).join(' / ')}`,
    );
    expect(granted(off.keys[0]!)).toBe(LIMITS[0]);
    expect(tooMany).toBeGreaterThan(0);
    expect(tooMany).toBe(off.keys[0]!.rateLimited);
  });

  it("shows the small key's low budget on the grid and in the metrics, only where routing is quota-aware", async () => {
    const cell = await gridCell(hw, 'keys-quota-on', on.keys[0]!.port);
    expect(cell).toMatchObject({ state: 'healthy', credentials: 'accepted' });
    expect(cell!.reasons).toEqual([expect.stringMatching(/^quota \d{1,2} % · resets in (\d{1,2} s|1 min)$/)]);
    const offCell = await gridCell(hw, 'keys-quota-off', off.keys[0]!.port);
    expect(offCell!.reasons.filter((reason) => reason.startsWith('quota'))).toEqual([]);

    const text = await metricsText();
    const share = (port: number, upstream: string) => {
      const line = text
        .split('\n')
        .find((row) =>
          row.startsWith(`headwater_target_quota_remaining_ratio{upstream="${upstream}",target="127.0.0.1:${port}",budget="requests"}`),
        );
      return line === undefined ? undefined : Number(line.split(' ').at(-1));
    };
    expect(share(on.keys[0]!.port, 'keys-quota-on')).toBeLessThan(0.2);
    expect(share(on.keys[1]!.port, 'keys-quota-on')).toBeGreaterThan(0.2);
    expect(share(off.keys[0]!.port, 'keys-quota-off')).toBeUndefined();
  });

  it('forgets every budget when quota-aware routing is turned off, so nothing stale comes back with it', async () => {
    await hw.client.upstreams.update.mutate({ name: 'keys-quota-on', changes: { quotaAware: false } });
    await hw.client.upstreams.update.mutate({ name: 'keys-quota-on', changes: { quotaAware: true } });
    const cell = await gridCell(hw, 'keys-quota-on', on.keys[0]!.port);
    expect(cell!.reasons).toEqual([]);
    expect(await metricsText()).not.toContain('headwater_target_quota_remaining_ratio{upstream="keys-quota-on"');
  });
});
