import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeBackend } from '../demo/fake-ai-backend.ts';
import { startTestRuntime, waitFor } from './harness.ts';

describe('/readyz at start-up', () => {
  it("waits for each checked target's first probe, at most the probe timeout + 1 s", async () => {
    const backend = await startFakeBackend({ name: 'slow' });
    backend.setMode({ kind: 'hang' });
    const dir = mkdtempSync(join(tmpdir(), 'headwater-readyz-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(
      file,
      [
        'upstreams:',
        '  - name: starting',
        '    healthChecks:',
        '      active: { timeoutMs: 1000, unhealthy: { intervalMs: 5000 } }',
        '    targets:',
        `      - { host: 127.0.0.1, port: ${backend.port} }`,
        '',
      ].join('\n'),
    );
    const starting = Date.now();
    const node = await startTestRuntime({ env: { HEADWATER_CONFIG: file } });
    const listening = Date.now();
    try {
      expect((await fetch(`${node.adminUrl}/readyz`)).status).toBe(503); // its first probe hangs for 1 s
      await waitFor('ready', async () => (await fetch(`${node.adminUrl}/readyz`)).status === 200, 5_000);
      expect(Date.now() - starting).toBeGreaterThanOrEqual(1_000); // the probe timed out: done, whatever its verdict
      // The spec's bound, counted from when the node listens rather than from its start (the start-up
      // time is the margin); waiting for a verdict instead would take at least the 5 s unhealthy interval.
      expect(Date.now() - listening).toBeLessThan(1_000 + 1_000);
      expect(backend.probes.count).toBe(1);
    } finally {
      await node.stop();
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
