import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBackend } from '../demo/fake-ai-backend.ts';
import type { GridSnapshot } from '../src/state/grid.ts';
import { startWithBackends, stopAll, TEST_TOKEN, type TestRuntime, waitFor } from './harness.ts';

// The live grid's cost with many consoles open: every `states.watch` stream shares one build
// per change or refresh. Builds are counted by the runtime itself (headwater_grid_builds_total).

const WATCHERS = 6;

let hw: TestRuntime;
let backend: FakeBackend;
beforeAll(async () => {
  [hw, backend] = (await startWithBackends('watched')) as [TestRuntime, FakeBackend];
  await hw.client.upstreams.create.mutate({ name: 'watched', targets: [{ host: '127.0.0.1', port: backend.port }] });
});
afterAll(() => stopAll(hw, backend));

/** One console's `states.watch` stream over SSE, collecting the grid snapshots it receives. */
interface GridStream {
  readonly snapshots: GridSnapshot[];
  close(): void;
}

function openGridStream(): GridStream {
  const controller = new AbortController();
  const snapshots: GridSnapshot[] = [];
  const read = async () => {
    const response = await fetch(`${hw.adminUrl}/trpc/states.watch`, {
      headers: { authorization: `Bearer ${TEST_TOKEN}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk, { stream: true });
      const events = buffered.split('\n\n');
      buffered = events.pop()!;
      for (const line of events.flatMap((event) => event.split('\n'))) {
        if (!line.startsWith('data: ')) continue;
        const data = JSON.parse(line.slice(6)) as Partial<GridSnapshot>;
        if (data.upstreams) snapshots.push(data as GridSnapshot);
      }
    }
  };
  read().catch((error: unknown) => {
    if (!controller.signal.aborted) throw error;
  });
  return { snapshots, close: () => controller.abort() };
}

async function gridFigures() {
  const response = await request(`${hw.adminUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
  const text = await response.body.text();
  const sample = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return { builds: sample('headwater_grid_builds_total'), watchers: sample('headwater_grid_watchers') };
}

describe('states.watch with many consoles open', () => {
  it('builds the grid once per refresh for all of them, not once per console (let alone once per console per console)', async () => {
    const streams = Array.from({ length: WATCHERS }, openGridStream);
    try {
      await waitFor('every stream to receive its first snapshot', () => streams.every((stream) => stream.snapshots.length > 0));

      const before = await gridFigures();
      expect(before.watchers).toBe(WATCHERS);
      const receivedBefore = streams.map((stream) => stream.snapshots.length);
      // Nothing changes meanwhile: these are the refreshes that keep time-dependent cells true.
      await waitFor('three refreshes on every stream', () =>
        streams.every((stream, index) => stream.snapshots.length >= receivedBefore[index]! + 3),
      );
      const after = await gridFigures();
      const receivedPerStream = Math.max(...streams.map((stream, index) => stream.snapshots.length - receivedBefore[index]!));

      // One build per snapshot every stream received, plus the second scrape's own build and
      // at most one refresh landing between reading the counter and reading the streams.
      // (One build per stream per refresh would be WATCHERS times that; per-stream tickers, WATCHERS² times.)
      expect(after.builds - before.builds).toBeLessThanOrEqual(receivedPerStream + 2);
    } finally {
      for (const stream of streams) stream.close();
    }
    await waitFor('every stream to be closed on the server', async () => (await gridFigures()).watchers === 0);
  });

  it('brings a change to every open console', async () => {
    const streams = Array.from({ length: WATCHERS }, openGridStream);
    try {
      await waitFor('every stream to receive its first snapshot', () => streams.every((stream) => stream.snapshots.length > 0));
      await hw.client.upstreams.create.mutate({ name: 'added', targets: [{ host: '127.0.0.1', port: backend.port }] });
      const shows = (snapshot: GridSnapshot | undefined) => snapshot?.upstreams.some((upstream) => upstream.name === 'added') ?? false;
      await waitFor('every stream to show the new upstream', () => streams.every((stream) => shows(stream.snapshots.at(-1))));
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
