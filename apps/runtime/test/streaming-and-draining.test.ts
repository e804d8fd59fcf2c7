import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { spread, startTestRuntime, waitFor, type TestRuntime } from './harness.ts';

let hw: TestRuntime;
let streamer: FakeBackend;
let other: FakeBackend;
beforeAll(async () => {
  [hw, streamer, other] = await Promise.all([
    startTestRuntime(),
    startFakeBackend({ name: 'streamer', chunkDelayMs: 2 }),
    startFakeBackend({ name: 'other' }),
  ]);
});
afterAll(async () => {
  await Promise.all([hw.stop(), streamer.close(), other.close()]);
});

describe('streams and draining', () => {
  it('relays a 1 000-chunk SSE stream chunk by chunk, and a target drained during it finishes the stream before becoming Disabled', async () => {
    const upstream = await hw.client.upstreams.create.mutate({
      name: 'sse',
      slowStartMs: 0,
      targets: [{ host: '127.0.0.1', port: streamer.port }],
    });
    const streamerId = upstream.targets[0]!.id;
    const response = await request(`${hw.dataUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { host: 'sse', 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true, chunks: 1_000 }),
    });
    expect(response.headers['content-type']).toBe('text/event-stream');

    let text = '';
    let reads = 0;
    let writtenAtFirstRead = -1;
    let drained = false;
    for await (const chunk of response.body) {
      reads++;
      text += String(chunk);
      if (writtenAtFirstRead < 0) writtenAtFirstRead = streamer.chunksWritten;
      if (!drained && text.includes('chunk 100 ')) {
        drained = true;
        // Drain mid-stream: the new target takes new requests; this stream goes on.
        await hw.client.targets.create.mutate({ upstream: 'sse', target: { host: '127.0.0.1', port: other.port } });
        await hw.client.targets.update.mutate({ id: streamerId, changes: { adminState: 'draining' } });
        const cell = (await hw.client.states.get.query()).upstreams[0]!.targets.find((t) => t.id === streamerId)!;
        expect(cell).toMatchObject({ state: 'draining', inFlight: 1 });
        expect(await spread(hw.dataUrl, 'sse', 3)).toEqual({ other: 3 });
      }
    }
    // Unbuffered: the first bytes reached us while the backend had written only a few chunks.
    expect(writtenAtFirstRead).toBeLessThan(50);
    expect(reads).toBeGreaterThan(100);
    const events = text.split('\n\n').filter((event) => event.startsWith('data: '));
    expect(events).toHaveLength(1_001);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(text).toContain('chunk 999 ');

    // Its last stream ended: the drain completes and the target is Disabled, in the grid and in the stored config.
    await waitFor('the drained target to be disabled', async () => {
      const cell = (await hw.client.states.get.query()).upstreams[0]!.targets.find((t) => t.id === streamerId);
      return cell?.state === 'disabled';
    });
    const stored = await hw.client.upstreams.get.query({ name: 'sse' });
    expect(stored.targets.find((t) => t.id === streamerId)!.adminState).toBe('disabled');
  });
});

describe('deleting a target', () => {
  it('with a stream in flight drains it first: the grid shows it draining until the stream ends, then it is gone', async () => {
    const upstream = await hw.client.upstreams.create.mutate({
      name: 'deleting',
      slowStartMs: 0,
      targets: [{ host: '127.0.0.1', port: streamer.port }],
    });
    const id = upstream.targets[0]!.id;
    const response = await request(`${hw.dataUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { host: 'deleting', 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true, chunks: 200 }),
    });
    const text = response.body.text();
    await hw.client.targets.delete.mutate({ id });
    const cell = (await hw.client.states.get.query()).upstreams.find((u) => u.name === 'deleting')!.targets.find((t) => t.id === id);
    expect(cell).toMatchObject({ state: 'draining', inFlight: 1 });
    expect(cell!.reasons[0]).toBe('deleted: finishing what is in flight');
    expect(await text).toContain('data: [DONE]'); // the stream was not cut
    await waitFor(
      'the deleted target to leave the grid',
      async () => (await hw.client.states.get.query()).upstreams.find((u) => u.name === 'deleting')!.targets.length === 0,
    );
  });
});

describe('live config', () => {
  it('applies a weight change during load without a single failed request', async () => {
    const a = await startFakeBackend({ name: 'w-a' });
    const b = await startFakeBackend({ name: 'w-b' });
    try {
      const upstream = await hw.client.upstreams.create.mutate({
        name: 'weights',
        slowStartMs: 0,
        targets: [
          { host: '127.0.0.1', port: a.port, weight: 100 },
          { host: '127.0.0.1', port: b.port, weight: 100 },
        ],
      });
      const before: Record<string, number> = {};
      const after: Record<string, number> = {};
      const failures: string[] = [];
      let changed = false;
      let stop = false;
      const worker = async () => {
        while (!stop) {
          const response = await request(`${hw.dataUrl}/v1/models`, { headers: { host: 'weights' } });
          await response.body.text();
          if (response.statusCode !== 200) failures.push(String(response.statusCode));
          const counts = changed ? after : before;
          const backend = String(response.headers['x-backend']);
          counts[backend] = (counts[backend] ?? 0) + 1;
        }
      };
      const workers = Array.from({ length: 8 }, worker);
      await waitFor('load to build up', () => (before['w-a'] ?? 0) > 200);
      await hw.client.targets.update.mutate({ id: upstream.targets[1]!.id, changes: { weight: 300 } });
      changed = true;
      await waitFor('load after the change', () => (after['w-a'] ?? 0) > 200);
      stop = true;
      await Promise.all(workers);

      expect(failures).toEqual([]);
      const share = (counts: Record<string, number>) => counts['w-b']! / (counts['w-a']! + counts['w-b']!);
      expect(share(before)).toBeCloseTo(0.5, 1);
      expect(share(after)).toBeGreaterThan(0.7); // 3:1 (requests in flight at the switch land on either side)
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
