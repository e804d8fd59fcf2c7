import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBackend, startFakeBackend } from '../demo/fake-ai-backend.ts';
import { gridCell, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';
import { type FaultMode, type FaultTarget, startFaultTarget } from './support/fault-target.ts';
import { type ForwardProxy, startForwardProxy } from './support/forward-proxy.ts';

// Faults of real servers on loopback, each in a fresh upstream: target F (priority 0, so every
// request tries it first) fails as a real target does, target G (priority 1) is well. For each
// fault: what the caller got, how F was judged (or that nobody was, when the fault was not the
// target's), that nothing was lost (bodies arrive whole; a cut answer reaches the caller as an
// error, never as a shorter whole), and the time from the fault's end to F serving again.

let hw: TestRuntime;
let good: FakeBackend;
let fault: FaultTarget;
let upstreams = 0;
const table: Array<{ fault: string; callerGot: string; judged: string; recoveryMs: number; dataLost: string }> = [];

beforeAll(async () => {
  [hw, good, fault] = await Promise.all([startTestRuntime(), startFakeBackend({ name: 'g' }), startFaultTarget()]);
});
afterAll(async () => {
  console.info(
    ['| fault | caller got | target judged | recovery (ms) | data lost |', '| --- | --- | --- | ---: | --- |']
      .concat(table.map((row) => `| ${row.fault} | ${row.callerGot} | ${row.judged} | ${Math.round(row.recoveryMs)} | ${row.dataLost} |`))
      .join('\n'),
  );
  await Promise.all([hw.stop(), good.close(), fault.close()]);
});

/** A fresh upstream (fresh target ids, so fresh facts) whose circuits open at the first failure, for 500 ms. */
async function faultyUpstream(extra: Record<string, unknown> = {}): Promise<string> {
  const name = `faults-${++upstreams}`;
  await hw.client.upstreams.create.mutate({
    name,
    slowStartMs: 0,
    retries: 1,
    healthChecks: { passive: { consecutiveFailures: 1, baseEjectionMs: 500, halfOpenRequests: 1, maxEjectionPct: 100 } },
    targets: [
      { host: '127.0.0.1', port: fault.port, priority: 0 },
      { host: '127.0.0.1', port: good.port, priority: 1 },
    ],
    ...extra,
  });
  return name;
}

/** One request; the body read whole, or the error that cut it. */
async function send(upstream: string, body: string) {
  const response = await request(`${hw.dataUrl}/v1/chat/completions`, { method: 'POST', headers: { host: upstream }, body });
  const text = await response.body.text().catch((error: Error) => error);
  return { status: response.statusCode, headers: response.headers, text };
}

/** Milliseconds from now until a request is served by F again, its body arriving whole. */
async function timeToRecover(upstream: string): Promise<number> {
  const startedMs = performance.now();
  let sent = 0;
  await waitFor('F to serve again', async () => {
    const body = `recovery-${++sent}`;
    const answer = await send(upstream, body);
    if (answer.status !== 200 || typeof answer.text !== 'string' || answer.headers['x-backend'] === 'g') return false;
    expect(JSON.parse(answer.text)).toEqual({ path: '/v1/chat/completions', body });
    return true;
  });
  return performance.now() - startedMs;
}

const cellsOf = async (upstream: string) => ({
  f: (await gridCell(hw, upstream, fault.port))!,
  g: (await gridCell(hw, upstream, good.port))!,
});

describe('a target that fails', () => {
  it.each<[FaultMode, string]>([
    ['reset', 'resets the connection'],
    ['malformed', 'answers bytes that are not HTTP'],
  ])('that %s: the request is retried on another target whole, and the target is judged', async (mode, description) => {
    const upstream = await faultyUpstream();
    fault.setMode(mode);
    const body = JSON.stringify({ model: 'fake', fault: mode });
    const answer = await send(upstream, body);
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({ 'x-backend': 'g', 'x-headwater-attempts': '2' });
    expect((JSON.parse(answer.text as string) as { echo: { body: string } }).echo.body).toBe(body); // the body went to G whole
    const { f, g } = await cellsOf(upstream);
    expect(f).toMatchObject({ circuit: 'open', successRatePct: 0 });
    expect(g).toMatchObject({ circuit: 'closed', successRatePct: 100 });

    fault.setMode('ok');
    const recoveryMs = await timeToRecover(upstream);
    table.push({
      fault: `target ${description}`,
      callerGot: '200 from G (retried)',
      judged: `${mode}: circuit opened`,
      recoveryMs,
      dataLost: 'none',
    });
  });

  it('that accepts and never answers: the caller gets 504 at headersMs, not retried (it may still run), and the target is judged', async () => {
    const upstream = await faultyUpstream({ timeouts: { headersMs: 300 } });
    fault.setMode('hang');
    const answer = await send(upstream, '{"model":"fake"}');
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.text as string)).toMatchObject({ error: { type: 'upstream_timeout', attempts: 1 } });
    expect((await cellsOf(upstream)).f).toMatchObject({ circuit: 'open', successRatePct: 0 });

    fault.setMode('ok');
    const recoveryMs = await timeToRecover(upstream);
    table.push({
      fault: 'target accepts, never answers',
      callerGot: '504 upstream_timeout',
      judged: 'timeout: circuit opened',
      recoveryMs,
      dataLost: 'none',
    });
  });

  it.each<[FaultMode, string]>([
    ['truncated', 'answers 200 with a shorter body than its Content-Length'],
    ['crash-mid-stream', 'crashes in the middle of a stream'],
  ])(
    'that %s: the caller sees the answer cut off (an error, never a shorter whole), and the target is judged',
    async (mode, description) => {
      const upstream = await faultyUpstream();
      fault.setMode(mode);
      const answer = await send(upstream, '{"model":"fake","stream":true}');
      expect(answer.status).toBe(200);
      expect(answer.headers['x-headwater-attempts']).toBe('1'); // bytes went out: never retried
      expect(answer.text).toBeInstanceOf(Error);
      await waitFor('F to be judged', async () => (await cellsOf(upstream)).f.circuit === 'open');
      expect((await cellsOf(upstream)).g).toMatchObject({ circuit: 'closed', requests60s: 0 });

      if (mode === 'crash-mid-stream') {
        await waitFor('F to be down', () => !fault.listening);
        // While F is down, callers are served by G.
        const meanwhile = await send(upstream, '{"model":"fake"}');
        expect(meanwhile).toMatchObject({ status: 200, headers: { 'x-backend': 'g' } });
        await fault.restart();
      } else {
        fault.setMode('ok');
      }
      const recoveryMs = await timeToRecover(upstream);
      const callerGot = '200, then the body cut off (an error)';
      table.push({
        fault: `target ${description}`,
        callerGot,
        judged: 'error-after-headers: circuit opened',
        recoveryMs,
        dataLost: 'none',
      });
    },
  );
});

describe('the forward proxy', () => {
  it('dies and comes back: callers get 502 proxy_unreachable meanwhile, no target is judged, and traffic flows again', async () => {
    let proxy: ForwardProxy = await startForwardProxy();
    const proxyPort = proxy.port;
    try {
      const upstream = await faultyUpstream({ proxy: { host: '127.0.0.1', port: proxyPort } });
      fault.setMode('ok');
      expect((await send(upstream, 'through the tunnel')).status).toBe(200);

      await proxy.close();
      for (let index = 0; index < 3; index++) {
        const answer = await send(upstream, 'while the proxy is down');
        expect(answer.status).toBe(502);
        expect(JSON.parse(answer.text as string)).toMatchObject({ error: { type: 'proxy_unreachable', attempts: 1 } });
      }
      const { f, g } = await cellsOf(upstream);
      expect(f).toMatchObject({ circuit: 'closed', state: 'healthy', requests60s: 1, successRatePct: 100 });
      expect(g).toMatchObject({ circuit: 'closed', state: 'healthy', requests60s: 0 });
      expect((await hw.client.states.get.query()).upstreams.find((u) => u.name === upstream)?.proxy?.status).toBe('down');

      proxy = await startForwardProxy({ port: proxyPort });
      const recoveryMs = await timeToRecover(upstream);
      table.push({
        fault: 'forward proxy dies, comes back',
        callerGot: '502 proxy_unreachable',
        judged: 'no target (proxy down)',
        recoveryMs,
        dataLost: 'none',
      });
    } finally {
      await proxy.close();
    }
  });

  it.each<[FaultMode, string, string]>([
    ['hang', 'before the answer', '502 proxy_unreachable'],
    ['streaming', 'in the middle of a streamed answer', '200, then the stream cut off (an error)'],
  ])('dies with a request in flight (%s): the target it was at is not judged for the proxy going away', async (mode, when, callerGot) => {
    let proxy: ForwardProxy = await startForwardProxy();
    const proxyPort = proxy.port;
    try {
      const upstream = await faultyUpstream({ proxy: { host: '127.0.0.1', port: proxyPort } });
      fault.setMode(mode);
      const seen = fault.requests.length;
      const pending = request(`${hw.dataUrl}/v1/chat/completions`, { method: 'POST', headers: { host: upstream }, body: 'in flight' });
      await waitFor('the request to reach F', () => fault.requests[seen]?.body === 'in flight');
      if (mode === 'streaming') {
        const response = await pending;
        expect(response.statusCode).toBe(200);
        await proxy.close();
        await expect(response.body.text()).rejects.toThrow();
      } else {
        await proxy.close();
        const response = await pending;
        expect(response.statusCode).toBe(502);
        expect(await response.body.json()).toMatchObject({ error: { type: 'proxy_unreachable', attempts: 1 } });
      }
      // A tunnel that breaks looks the same whoever broke it: the gateway asked the proxy, and it was gone.
      const { f, g } = await cellsOf(upstream);
      expect(f).toMatchObject({ circuit: 'closed', state: 'healthy', requests60s: 0, successRatePct: null });
      expect(g).toMatchObject({ circuit: 'closed', requests60s: 0 });
      expect((await hw.client.states.get.query()).upstreams.find((u) => u.name === upstream)?.proxy?.status).toBe('down');

      proxy = await startForwardProxy({ port: proxyPort });
      fault.setMode('ok');
      const recoveryMs = await timeToRecover(upstream);
      table.push({ fault: `forward proxy dies ${when}`, callerGot, judged: 'no target (proxy down)', recoveryMs, dataLost: 'none' });
    } finally {
      await proxy.close();
    }
  });
});
