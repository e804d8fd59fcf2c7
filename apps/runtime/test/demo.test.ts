import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackendMode, FakeBackend } from '../demo/fake-ai-backend.ts';
import { startFakeBackend } from '../demo/fake-ai-backend.ts';
import { failOnSchedule } from '../demo/failing-schedule.ts';
import { startTestRuntime, type TestRuntime } from './harness.ts';
import { waitForCell } from './support/wait-for-cell.ts';

// The demo `pnpm start` runs: its upstream as demo.yaml writes it, with active checks that let
// a newcomer watch the third backend fail and come back, and the schedule that makes it fail.

const demoYaml = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../demo/demo.yaml'), 'utf8');

describe('the failing schedule', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fails for the first 20 s of every minute of the wall clock, and stops when told', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1, 12, 0, 45) }); // 45 s into a minute
    const modes: BackendMode['kind'][] = [];
    const stop = failOnSchedule({ setMode: (mode) => modes.push(mode.kind) }, { periodMs: 60_000, failingMs: 20_000 });
    expect(modes).toEqual(['ok']);
    vi.advanceTimersByTime(14_999);
    expect(modes).toEqual(['ok']);
    vi.advanceTimersByTime(1); // 12:01:00
    expect(modes).toEqual(['ok', 'status']);
    vi.advanceTimersByTime(20_000); // 12:01:20
    expect(modes).toEqual(['ok', 'status', 'ok']);
    vi.advanceTimersByTime(40_000); // 12:02:00
    expect(modes).toEqual(['ok', 'status', 'ok', 'status']);
    stop();
    vi.advanceTimersByTime(120_000);
    expect(modes).toHaveLength(4);
  });
});

describe('the demo upstream', () => {
  let hw: TestRuntime;
  let backends: FakeBackend[];
  beforeAll(async () => {
    backends = await Promise.all(['demo-a', 'demo-b', 'demo-c'].map((name) => startFakeBackend({ name })));
    // demo.yaml as it is, its ports swapped for free ones (the real demo may be running).
    let yaml = demoYaml;
    backends.forEach((backend, index) => {
      yaml = yaml.replace(`port: ${9101 + index}`, `port: ${backend.port}`);
    });
    const file = join(mkdtempSync(join(tmpdir(), 'headwater-demo-')), 'demo.yaml');
    writeFileSync(file, yaml);
    hw = await startTestRuntime({ env: { HEADWATER_CONFIG: file } });
  });
  afterAll(async () => {
    await Promise.all([hw.stop(), ...backends.map((backend) => backend.close())]);
  });

  it('has active checks on and three targets, the demo backends', async () => {
    const demo = await hw.client.upstreams.get.query({ name: 'demo' });
    expect(demo.healthChecks.active).toMatchObject({ type: 'http', path: '/health' });
    expect(demo.targets.map((target) => [target.port, target.weight])).toEqual(backends.map((b, index) => [b.port, [100, 50, 50][index]]));
  });

  it('shows a failing backend Unhealthy within seconds, then Healthy again in slow start, each in the event log', async () => {
    const flaky = { upstream: 'demo', port: backends[2]!.port };
    await waitForCell(hw, 'the flaky backend to be healthy first', flaky, (cell) => cell.state === 'healthy' && cell.active === 'healthy');
    backends[2]!.setMode({ kind: 'status', status: 503 });
    // One healthy interval (5 s) to the first failed probe, one unhealthy interval (2 s) to the second.
    const down = await waitForCell(hw, 'the flaky backend to turn unhealthy', flaky, (cell) => cell.state === 'unhealthy', 15_000);
    expect(down.reasons.join(' ')).toMatch(/^active: /);
    backends[2]!.setMode({ kind: 'ok' });
    const ramping = await waitForCell(
      hw,
      'the slow start',
      flaky,
      (cell) => cell.state === 'healthy' && cell.slowStartPct !== null,
      15_000,
    );
    expect(ramping.slowStartPct!).toBeLessThan(100);
    const events = await hw.client.events.list.query({ upstream: 'demo' });
    expect(events.filter((event) => event.target?.endsWith(`:${flaky.port}`) && event.kind === 'active').map((event) => event.to)).toEqual(
      expect.arrayContaining(['unhealthy', 'healthy']),
    );
  });
});
