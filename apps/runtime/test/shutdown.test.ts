import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startFakeBackend } from '../demo/fake-ai-backend.ts';
import { spread, startTestRuntime } from './harness.ts';
import { openRaw } from './support/raw-http.ts';

describe('graceful shutdown (what SIGTERM runs)', () => {
  it('turns /readyz 503 at once, serves through the delay, then closes the listener and lets an in-flight stream finish', async () => {
    const backend = await startFakeBackend({ name: 'slow', chunkDelayMs: 20 });
    // A 1 s delay for checks that take tens of ms (room for a loaded machine), and a grace far
    // beyond the stream, so ending at the stream and ending at the grace cannot be confused.
    const hw = await startTestRuntime({ env: { HEADWATER_SHUTDOWN_DELAY_MS: '1000', HEADWATER_SHUTDOWN_GRACE_MS: '20000' } });
    try {
      await hw.client.upstreams.create.mutate({ name: 'bye', slowStartMs: 0, targets: [{ host: '127.0.0.1', port: backend.port }] });
      const stream = await request(`${hw.dataUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { host: 'bye', 'content-type': 'application/json' },
        body: JSON.stringify({ stream: true, chunks: 70 }), // at least 1.4 s (its chunks' timers): outlives the delay
      });
      const streamText = stream.body.text();
      const streamStarted = Date.now();

      const stopping = hw.runtime.shutdown();
      expect((await fetch(`${hw.adminUrl}/readyz`)).status).toBe(503);
      expect((await fetch(`${hw.adminUrl}/healthz`)).status).toBe(200);
      expect(await spread(hw.dataUrl, 'bye', 2)).toEqual({ slow: 2 }); // still serving during the delay

      await stopping;
      expect(Date.now() - streamStarted).toBeLessThan(10_000); // done once the stream ended, not at the 20 s grace
      await expect(fetch(`${hw.dataUrl}/v1/models`, { headers: { connection: 'close' } })).rejects.toThrow(); // listener closed
      const text = await streamText;
      expect(text).toContain('chunk 69 ');
      expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    } finally {
      await backend.close();
    }
  });

  it('answers Connection: close once draining, so a keep-alive caller leaves after its answer instead of reusing a closing socket', async () => {
    const backend = await startFakeBackend({ name: 'kept' });
    const hw = await startTestRuntime({ env: { HEADWATER_SHUTDOWN_DELAY_MS: '1000', HEADWATER_SHUTDOWN_GRACE_MS: '5000' } });
    const dataPort = Number(new URL(hw.dataUrl).port);
    const connection = await openRaw(dataPort);
    const ask = () => {
      connection.write('GET /v1/models HTTP/1.1\r\nHost: keep\r\n\r\n');
      return connection.answer();
    };
    try {
      await hw.client.upstreams.create.mutate({ name: 'keep', slowStartMs: 0, targets: [{ host: '127.0.0.1', port: backend.port }] });
      const before = await ask();
      expect(before.status).toBe(200);
      expect(before.headers.connection).toBe('keep-alive');

      const stopping = hw.runtime.shutdown();
      const during = await ask(); // the same connection, inside the delay: still served
      expect(during.status).toBe(200);
      expect(during.headers.connection).toBe('close');
      await connection.closed(); // and closed by the gateway right after that answer, not at the delay's end
      expect((await fetch(`${hw.adminUrl}/readyz`)).status).toBe(503);
      await stopping;
    } finally {
      connection.destroy();
      await backend.close();
    }
  });

  it('aborts what is still in flight when the grace period is over', async () => {
    const backend = await startFakeBackend({ name: 'endless', chunkDelayMs: 50 });
    const hw = await startTestRuntime({ env: { HEADWATER_SHUTDOWN_DELAY_MS: '0', HEADWATER_SHUTDOWN_GRACE_MS: '300' } });
    try {
      await hw.client.upstreams.create.mutate({ name: 'long', slowStartMs: 0, targets: [{ host: '127.0.0.1', port: backend.port }] });
      const stream = await request(`${hw.dataUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { host: 'long', 'content-type': 'application/json' },
        body: JSON.stringify({ stream: true, chunks: 1_000 }), // 50 s: far beyond the grace
      });
      const started = Date.now();
      await hw.runtime.shutdown();
      expect(Date.now() - started).toBeLessThan(10_000); // at the 0.3 s grace, not at the stream's end 50 s away
      await expect(stream.body.text()).rejects.toThrow();
    } finally {
      await backend.close();
    }
  });
});
