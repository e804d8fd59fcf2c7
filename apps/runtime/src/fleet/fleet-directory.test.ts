import { describe, expect, it } from 'vitest';
import { testNode } from '../../test/support/fake-peer.ts';
import { CachedDirectory } from './fleet-directory.ts';
import type { NodeView } from './node-view.ts';

/** A registry whose reads are counted and can be made to fail, on a clock the test moves. */
function setup() {
  const clock = { ms: 0, monotonicMs: () => clock.ms };
  const source = {
    self: 'a',
    reads: 0,
    failing: false,
    nodes: [testNode('a', 'http://a', { self: true })] as NodeView[],
    async list() {
      source.reads++;
      if (source.failing) throw new Error('database unreachable');
      return source.nodes;
    },
  };
  return { clock, source, directory: new CachedDirectory(source, clock, 1_000) };
}

describe('CachedDirectory', () => {
  it('reads the registry at most once per second, however many ask', async () => {
    const { clock, source, directory } = setup();
    expect(directory.self).toBe('a');
    await Promise.all([directory.list(), directory.list(), directory.list()]);
    clock.ms = 999;
    await directory.list();
    expect(source.reads).toBe(1);
    clock.ms = 1_000;
    source.nodes = [...source.nodes, testNode('b', 'http://b')];
    const stale = await directory.list(); // answered at once; the new list is read behind it
    expect(stale.map((node) => node.id)).toEqual(['a']);
    expect((await directory.list()).map((node) => node.id)).toEqual(['a', 'b']);
    expect(source.reads).toBe(2);
  });

  it('keeps the last list while the registry cannot be read, and retries a second later', async () => {
    const { clock, source, directory } = setup();
    await directory.list();
    source.failing = true;
    clock.ms = 1_500;
    expect((await directory.list()).map((node) => node.id)).toEqual(['a']);
    await Promise.resolve();
    expect((await directory.list()).map((node) => node.id)).toEqual(['a']);
    expect(source.reads).toBe(2); // the failed read is not retried at once
    clock.ms = 2_600;
    await directory.list();
    expect(source.reads).toBe(3);
  });

  it('fails only when no list was ever read', async () => {
    const { source, directory } = setup();
    source.failing = true;
    await expect(directory.list()).rejects.toThrow('database unreachable');
  });
});
