import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { spread, startTestRuntime } from './harness.ts';

let primary: FakeBackend;
let backup: FakeBackend;
beforeAll(async () => {
  [primary, backup] = await Promise.all([startFakeBackend({ name: 'primary' }), startFakeBackend({ name: 'backup' })]);
});
afterAll(async () => {
  await Promise.all([primary.close(), backup.close()]);
});

describe('restarting a node', () => {
  it('serves known targets at full weight at once: no slow start, no spill to the backup tier', async () => {
    const databaseUrl = `file:${join(mkdtempSync(join(tmpdir(), 'headwater-restart-')), 'config.db')}`;
    const first = await startTestRuntime({ databaseUrl });
    await first.client.upstreams.create.mutate({
      name: 'tiers',
      slowStartMs: 60_000,
      targets: [
        { host: '127.0.0.1', port: primary.port, priority: 0 },
        { host: '127.0.0.1', port: backup.port, priority: 1 },
      ],
    });
    // Added while running: both tiers ramp (factor 0.1), tier healths are normalised, and
    // about half the traffic goes to the backup tier.
    expect((await spread(first.dataUrl, 'tiers', 100)).backup).toBeGreaterThan(25);
    await first.stop();

    const second = await startTestRuntime({ databaseUrl });
    try {
      expect(await spread(second.dataUrl, 'tiers', 100)).toEqual({ primary: 100 });
      const cells = (await second.client.states.get.query()).upstreams[0]!.targets;
      expect(cells.map((cell) => cell.slowStartPct)).toEqual([null, null]);
    } finally {
      await second.stop();
    }
  });
});
