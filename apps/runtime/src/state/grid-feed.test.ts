import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { GridSnapshot } from './grid.ts';
import { GridFeed } from './grid-feed.ts';

/** A grid source that numbers its builds (`at` = build number) and is told of changes by the test. */
class CountingSource extends EventEmitter {
  builds = 0;
  grid(): GridSnapshot {
    this.builds++;
    return { node: 'test', at: this.builds, upstreams: [] };
  }
  change(): void {
    this.emit('change');
  }
}

const LONG_MS = 60_000; // a refresh that never comes during a test, so only changes move the feed

describe('GridFeed', () => {
  it('builds once per change for every watcher, and hands them all the same snapshot', async () => {
    const source = new CountingSource();
    const feed = new GridFeed(source, LONG_MS);
    const controller = new AbortController();
    const watches = Array.from({ length: 5 }, () => feed.watch(controller.signal));
    const first = await Promise.all(watches.map((watch) => watch.next()));
    expect(first.map((result) => result.value)).toEqual(Array(5).fill({ node: 'test', at: 1, upstreams: [] }));
    for (let change = 2; change <= 4; change++) {
      const next = Promise.all(watches.map((watch) => watch.next()));
      source.change();
      const snapshots = (await next).map((result) => result.value as GridSnapshot);
      expect(new Set(snapshots).size).toBe(1); // one object, fanned out
      expect(snapshots[0]!.at).toBe(change);
    }
    expect(source.builds).toBe(4); // 1 on connect + 3 changes, for 5 watchers
    controller.abort();
    await Promise.all(watches.map((watch) => watch.return(undefined)));
  });

  it('lets a watcher that fell behind skip to the newest snapshot instead of queueing old ones', async () => {
    const source = new CountingSource();
    const feed = new GridFeed(source, LONG_MS);
    const watch = feed.watch();
    expect((await watch.next()).value).toMatchObject({ at: 1 });
    source.change();
    source.change();
    source.change();
    expect((await watch.next()).value).toMatchObject({ at: 2 }); // built once, for the newest generation
    expect(source.builds).toBe(2);
    await watch.return(undefined);
  });

  it('refreshes without a change, so time-dependent cells move', async () => {
    const source = new CountingSource();
    const feed = new GridFeed(source, 20);
    const watch = feed.watch();
    expect((await watch.next()).value).toMatchObject({ at: 1 });
    expect((await watch.next()).value).toMatchObject({ at: 2 });
    await watch.return(undefined);
  });

  it('stops listening when the last watcher leaves, and builds afresh for the next one', async () => {
    const source = new CountingSource();
    const feed = new GridFeed(source, LONG_MS);
    const controller = new AbortController();
    const watch = feed.watch(controller.signal);
    await watch.next();
    expect(source.listenerCount('change')).toBe(1);
    expect(feed.watching).toBe(1);
    const pending = watch.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(source.listenerCount('change')).toBe(0);
    expect(feed.watching).toBe(0);

    const again = feed.watch();
    expect((await again.next()).value).toMatchObject({ at: 2 }); // nothing was heard meanwhile: not the old snapshot
    await again.return(undefined);
  });

  it('ends every watch when closed', async () => {
    const source = new CountingSource();
    const feed = new GridFeed(source, LONG_MS);
    const watch = feed.watch();
    await watch.next();
    const pending = watch.next();
    feed.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(source.listenerCount('change')).toBe(0);
  });
});
