import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FleetFeed } from '../src/fleet/fleet-feed.ts';
import type { FleetGrid } from '../src/fleet/fleet-grid.ts';
import type { NodeView } from '../src/fleet/node-view.ts';
import { PeerClient } from '../src/fleet/peer-client.ts';
import { systemClock } from '../src/lib/runtime-clock.ts';
import { waitFor } from './harness.ts';
import { type FakePeer, startFakePeer, testCell, testGrid, testNode } from './support/fake-peer.ts';

// The feed against real peer HTTP servers: b answers, c hangs when told to, d is lost.
const TOKEN = 'fleet-token-0123456789abcdef';
const PEER_TIMEOUT_MS = 400;
let b: FakePeer;
let c: FakePeer;
let d: FakePeer;
let nodes: NodeView[];
const local = { grid: () => testGrid('a', systemClock.now(), [testCell('t1'), testCell('t2')]) };
const peers = new PeerClient({ token: TOKEN, gridTimeoutMs: PEER_TIMEOUT_MS });
const feeds: FleetFeed[] = [];

function feed(options: { pollMs?: number; roundWaitMs?: number } = {}): FleetFeed {
  const directory = { self: 'a', list: async () => nodes };
  const created = new FleetFeed({ directory, local, peers, clock: systemClock, pollMs: 40, roundWaitMs: 30, ...options });
  feeds.push(created);
  return created;
}

const cellOf = (grid: FleetGrid, node: string, target = 't1') =>
  grid.upstreams[0]!.targets.find((t) => t.id === target)!.cells.find((cell) => cell.node === node)!;

beforeAll(async () => {
  const start = (node: string) => startFakePeer(testGrid(node, 1, [testCell('t1'), testCell('t2')]));
  [b, c, d] = await Promise.all([start('b'), start('c'), start('d')]);
  nodes = [
    testNode('a', 'http://127.0.0.1:1', { self: true }),
    testNode('b', b.url),
    testNode('c', c.url),
    testNode('d', d.url, { status: 'lost', lastSeenAt: systemClock.now() - 30_000 }),
  ];
});
afterEach(() => {
  for (const created of feeds.splice(0)) created.close();
  for (const peer of [b, c, d]) {
    peer.mode = { kind: 'grid' };
    peer.requests.length = 0;
    peer.grid = testGrid(peer.grid.node, 1, [testCell('t1'), testCell('t2')]);
  }
});
afterAll(async () => {
  await Promise.all([b.close(), c.close(), d.close(), peers.close()]);
});

describe('FleetFeed', () => {
  it("builds one grid per round for every watcher: this node's cells, each peer's by target id, a lost node never asked", async () => {
    b.grid = testGrid('b', 7, [testCell('t1', { state: 'unhealthy', reasons: ['circuit open'] }), testCell('t2')]);
    const fleet = feed();
    const controller = new AbortController();
    const watches = [1, 2, 3].map(() => fleet.watch(controller.signal));
    const first = await Promise.all(watches.map(async (watch) => (await watch.next()).value as FleetGrid));
    expect(new Set(first).size).toBe(1); // one object, fanned out
    const grid = first[0]!;
    expect(grid.nodes.map((node) => [node.id, node.status, node.gridAt])).toEqual([
      ['a', 'live', expect.any(Number)],
      ['b', 'live', 7],
      ['c', 'live', 1],
      ['d', 'lost', null],
    ]);
    expect(cellOf(grid, 'b').cell).toMatchObject({ state: 'unhealthy', reasons: ['circuit open'] });
    expect(grid.upstreams[0]!.targets[0]!.summary.text).toBe('Healthy on 2 of 3 nodes · unhealthy on 1');

    const second = await Promise.all(watches.map(async (watch) => (await watch.next()).value as FleetGrid));
    expect(new Set(second).size).toBe(1);
    expect(b.requests.length).toBeLessThanOrEqual(3); // rounds, not rounds × watchers (at most one more started meanwhile)
    expect(b.requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(d.requests).toEqual([]);
    controller.abort();
    await Promise.all(watches.map((watch) => watch.return(undefined)));
  });

  it('shows a peer that does not answer as unreachable, and keeps the others moving while its request hangs', async () => {
    c.mode = { kind: 'hang' };
    const fleet = feed();
    const watch = fleet.watch();
    const first = (await watch.next()).value as FleetGrid; // waits for c's first answer: its timeout
    expect(first.nodes.find((node) => node.id === 'c')).toMatchObject({
      status: 'unreachable',
      error: `did not answer within ${PEER_TIMEOUT_MS / 1000} s`,
    });
    expect(cellOf(first, 'c')).toEqual({ node: 'c', status: 'unreachable', cell: null });
    expect(first.upstreams[0]!.targets[0]!.summary).toMatchObject({ healthy: 2, unknown: 1, nodes: 3 });

    await waitFor('c asked again', () => c.pending === 1);
    b.grid = testGrid('b', 8, [testCell('t1', { state: 'disabled', adminState: 'disabled' }), testCell('t2')]);
    for (;;) {
      const grid = (await watch.next()).value as FleetGrid;
      if (cellOf(grid, 'b').cell?.state !== 'disabled') continue;
      // b's change arrived while c's request was still hanging: the round did not wait for c.
      expect(c.pending).toBe(1);
      expect(cellOf(grid, 'c').status).toBe('unreachable');
      break;
    }
    await watch.return(undefined);
  });

  it('polls only while watched; states.fleet without a watcher runs one round, and reuses a fresh one', async () => {
    const fleet = feed({ pollMs: 200 });
    expect(fleet.polling).toBe(false);
    const controller = new AbortController();
    const watch = fleet.watch(controller.signal);
    await watch.next();
    expect(fleet.polling).toBe(true);
    controller.abort();
    await watch.next();
    await waitFor('the rounds to stop', () => !fleet.polling);
    const asked = b.requests.length;

    const once = await fleet.current(); // fresh from the watch's last round, or one new round
    expect(await fleet.current()).toBe(once);
    expect(b.requests.length - asked).toBeLessThanOrEqual(1);
    expect(fleet.polling).toBe(false);
  });

  it('ends every watch when closed', async () => {
    const fleet = feed();
    const watch = fleet.watch();
    await watch.next();
    const pending = watch.next();
    fleet.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    await waitFor('the rounds to stop', () => !fleet.polling);
  });
});
