import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, closedPort, spread, startWithBackends, stopAll, TEST_TOKEN, type TestRuntime, waitFor } from './harness.ts';

let hw: TestRuntime;
let a: FakeBackend;
let b: FakeBackend;
beforeAll(async () => {
  [hw, a, b] = (await startWithBackends('a', 'b')) as [TestRuntime, FakeBackend, FakeBackend];
});
afterAll(() => stopAll(hw, a, b));

interface Exposition {
  text: string;
  samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
  types: Map<string, string>;
}

const LINE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*)?\})? (-?[0-9.e+-]+|[+-]Inf|NaN)$/;
const COMMENT = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/;

/** Parses Prometheus text strictly: every line is a sample or a HELP/TYPE comment. */
function parse(text: string): Exposition {
  const samples: Exposition['samples'] = [];
  const types = new Map<string, string>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    const comment = COMMENT.exec(line);
    if (comment) {
      if (comment[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram']).toContain(comment[3]);
        types.set(comment[2]!, comment[3]!);
      }
      continue;
    }
    const match = LINE.exec(line);
    if (!match) throw new Error(`not a Prometheus text line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3] === '+Inf' ? Infinity : match[3]) });
  }
  return { text, samples, types };
}

const value = (exposition: Exposition, name: string, labels: Record<string, string>) =>
  exposition.samples.find(
    (s) =>
      s.name === name &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v) &&
      Object.keys(s.labels).length === Object.keys(labels).length,
  )?.value;

async function scrape(): Promise<Exposition> {
  const response = await request(`${hw.adminUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(await response.body.text());
}

describe('/metrics', () => {
  it('requires the admin bearer token (401 without it, or with a wrong one); /healthz stays open', async () => {
    const anonymous = await request(`${hw.adminUrl}/metrics`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    await anonymous.body.dump();
    const wrong = await request(`${hw.adminUrl}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    await wrong.body.dump();
    const alive = await request(`${hw.adminUrl}/healthz`);
    expect(alive.statusCode).toBe(200);
    await alive.body.dump();
  });

  it("exports the data plane's event-loop delay as a histogram and a 10 s max", async () => {
    const m = await scrape();
    expect(m.types.get('headwater_event_loop_delay_seconds')).toBe('histogram');
    expect(m.types.get('headwater_event_loop_delay_max_seconds')).toBe('gauge');
    const buckets = m.samples.filter((s) => s.name === 'headwater_event_loop_delay_seconds_bucket');
    expect(buckets.map((s) => s.labels.le)).toEqual([
      '0.0005',
      '0.001',
      '0.002',
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '+Inf',
    ]);
    expect(value(m, 'headwater_event_loop_delay_seconds_count', {})).toBe(buckets.at(-1)!.value);
    expect(value(m, 'headwater_event_loop_delay_max_seconds', {})).toBeGreaterThanOrEqual(0);
  });

  it('counts requests, attempts and latency: after N requests the counters and the histogram count match', async () => {
    await hw.client.upstreams.create.mutate({
      name: 'metered',
      slowStartMs: 0,
      targets: [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
    });
    const N = 12;
    expect(await spread(hw.dataUrl, 'metered', N)).toEqual({ a: 6, b: 6 });

    const m = await scrape();
    expect(value(m, 'headwater_requests_total', { upstream: 'metered', status_class: '2xx' })).toBe(N);
    expect(value(m, 'headwater_attempts_total', { upstream: 'metered', outcome: 'response' })).toBe(N);
    expect(value(m, 'headwater_retries_total', { upstream: 'metered' })).toBeUndefined();
    expect(value(m, 'headwater_request_duration_seconds_count', { upstream: 'metered' })).toBe(N);
    expect(value(m, 'headwater_request_duration_seconds_bucket', { upstream: 'metered', le: '+Inf' })).toBe(N);
    expect(value(m, 'headwater_request_duration_seconds_bucket', { upstream: 'metered', le: '300' })).toBe(N);
    expect(value(m, 'headwater_request_duration_seconds_sum', { upstream: 'metered' })).toBeGreaterThan(0);
    // Buckets are cumulative.
    const buckets = m.samples.filter((s) => s.name === 'headwater_request_duration_seconds_bucket' && s.labels.upstream === 'metered');
    expect(buckets[0]!.labels.le).toBe('0.005');
    expect(buckets.map((s) => s.value)).toEqual([...buckets.map((s) => s.value)].sort((x, y) => x - y));
    expect(m.types.get('headwater_request_duration_seconds')).toBe('histogram');
    expect(m.types.get('headwater_requests_total')).toBe('counter');

    // Target state is one-hot; in-flight is back to zero.
    const target = `127.0.0.1:${a.port}`;
    expect(value(m, 'headwater_target_state', { upstream: 'metered', target, state: 'healthy' })).toBe(1);
    expect(value(m, 'headwater_target_state', { upstream: 'metered', target, state: 'disabled' })).toBe(0);
    expect(value(m, 'headwater_target_circuit_state', { upstream: 'metered', target, state: 'closed' })).toBe(1);
    expect(value(m, 'headwater_target_in_flight', { upstream: 'metered', target })).toBe(0);
  });

  it('counts gateway errors by type, retries, and attempt outcomes', async () => {
    const [p1, p2] = [await closedPort(), await closedPort()];
    await hw.client.upstreams.create.mutate({
      name: 'nowhere',
      retries: 2,
      targets: [
        { host: '127.0.0.1', port: p1 },
        { host: '127.0.0.1', port: p2 },
      ],
    });
    const response = await call(hw.dataUrl, 'nowhere');
    expect(response.status).toBe(502);

    await hw.client.upstreams.create.mutate({ name: 'empty', targets: [{ host: '127.0.0.1', port: a.port, adminState: 'disabled' }] });
    expect((await call(hw.dataUrl, 'empty')).status).toBe(503);

    const m = await scrape();
    expect(value(m, 'headwater_gateway_errors_total', { upstream: 'nowhere', type: 'upstream_transport' })).toBe(1);
    expect(value(m, 'headwater_requests_total', { upstream: 'nowhere', status_class: '5xx' })).toBe(1);
    expect(value(m, 'headwater_attempts_total', { upstream: 'nowhere', outcome: 'connect-error' })).toBe(2);
    expect(value(m, 'headwater_retries_total', { upstream: 'nowhere' })).toBe(1);
    expect(value(m, 'headwater_gateway_errors_total', { upstream: 'empty', type: 'no_eligible_target' })).toBe(1);
    expect(value(m, 'headwater_target_state', { upstream: 'empty', target: `127.0.0.1:${a.port}`, state: 'disabled' })).toBe(1);
  });

  it("counts circuit opens from the store's flips, and relayed upstream errors are not gateway errors", async () => {
    await hw.client.upstreams.create.mutate({
      name: 'tripping',
      retries: 0,
      healthChecks: { passive: { consecutiveFailures: 2 } },
      targets: [{ host: '127.0.0.1', port: b.port }],
    });
    b.queue({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    expect((await call(hw.dataUrl, 'tripping')).status).toBe(500);
    expect((await call(hw.dataUrl, 'tripping')).status).toBe(500);
    const target = `127.0.0.1:${b.port}`;
    const m = await waitFor('the circuit open counter', async () => {
      const scraped = await scrape();
      return value(scraped, 'headwater_circuit_opens_total', { upstream: 'tripping', target }) === 1 && scraped;
    });
    expect(value(m, 'headwater_target_circuit_state', { upstream: 'tripping', target, state: 'open' })).toBe(1);
    expect(value(m, 'headwater_target_state', { upstream: 'tripping', target, state: 'unhealthy' })).toBe(1);
    expect(value(m, 'headwater_gateway_errors_total', { upstream: 'tripping', type: 'upstream_transport' })).toBeUndefined();
    expect(value(m, 'headwater_requests_total', { upstream: 'tripping', status_class: '5xx' })).toBe(2);
  });

  it("shows the forward proxy's state for upstreams that use one", async () => {
    const proxyPort = await closedPort();
    await hw.client.upstreams.create.mutate({
      name: 'proxied',
      proxy: { host: '127.0.0.1', port: proxyPort },
      targets: [{ host: '127.0.0.1', port: a.port }],
    });
    expect(value(await scrape(), 'headwater_proxy_state', { upstream: 'proxied', state: 'unknown' })).toBe(1);
    expect((await call(hw.dataUrl, 'proxied')).status).toBe(502);
    const m = await scrape();
    expect(value(m, 'headwater_proxy_state', { upstream: 'proxied', state: 'down' })).toBe(1);
    expect(value(m, 'headwater_proxy_state', { upstream: 'proxied', state: 'up' })).toBe(0);
    expect(value(m, 'headwater_gateway_errors_total', { upstream: 'proxied', type: 'proxy_unreachable' })).toBe(1);
    expect(value(m, 'headwater_attempts_total', { upstream: 'proxied', outcome: 'proxy-error' })).toBe(1);
  });
});
