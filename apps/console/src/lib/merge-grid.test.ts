import { describe, expect, it } from 'vitest';
import { mergeGrid, snapshotShape } from '@/lib/merge-grid';
import { gridSnapshot, gridTarget, targetView, upstreamView } from '@/lib/test-views';

const a = targetView({ id: 't-a', host: '10.0.0.1', port: 80, weight: 10 });
const b = targetView({ id: 't-b', host: '10.0.0.2', port: 80, priority: 1 });
const pool = upstreamView({ name: 'pool', targets: [a, b] });

const addresses = (rows: ReturnType<typeof mergeGrid>) => rows.map((r) => [r.name, r.targets.map((t) => `${t.host}:${t.port}`)]);

describe('mergeGrid', () => {
  it('shows the configured targets while the live grid has not heard of them yet', () => {
    const [row] = mergeGrid([pool], undefined);
    expect(row?.config).toBe(pool);
    expect(row?.targets.map((t) => [t.key, t.weight, t.priority, t.live])).toEqual([
      ['t-a', 10, 0, undefined],
      ['t-b', 100, 1, undefined],
    ]);
  });

  it('prefers the live view of weight, priority and admin state: it is the newer one', () => {
    const live = gridTarget({ id: 't-a', host: '10.0.0.1', port: 80, weight: 20, priority: 2, adminState: 'draining' });
    const [row] = mergeGrid([pool], gridSnapshot([{ name: 'pool', targets: [live] }]));
    const cell = row?.targets.find((t) => t.key === 't-a');
    expect(cell).toMatchObject({ weight: 20, priority: 2, adminState: 'draining' });
    expect(cell?.live).toBe(live);
  });

  it('matches a live target by address when its id changed (an edit that made it a new target)', () => {
    const live = gridTarget({ id: 't-new', host: '10.0.0.2', port: 80, priority: 1 });
    const [row] = mergeGrid([pool], gridSnapshot([{ name: 'pool', targets: [live] }]));
    expect(row?.targets.find((t) => t.key === 't-b')?.live).toBe(live);
    expect(row?.targets).toHaveLength(2);
  });

  it('adds targets only the live grid knows, and upstreams only the live grid knows', () => {
    const extra = gridTarget({ id: 't-c', host: '10.0.0.3', port: 80 });
    const fresh = gridTarget({ id: 't-d', host: '10.0.0.4', port: 81 });
    const rows = mergeGrid(
      [pool],
      gridSnapshot([
        { name: 'pool', targets: [extra] },
        { name: 'fresh', targets: [fresh] },
      ]),
    );
    expect(addresses(rows)).toEqual([
      ['fresh', ['10.0.0.4:81']],
      ['pool', ['10.0.0.1:80', '10.0.0.3:80', '10.0.0.2:80']],
    ]);
    expect(rows[0]?.config).toBeUndefined();
  });

  it('orders upstreams by name, and targets by priority then address, ports numerically', () => {
    const targets = [
      targetView({ id: '1', host: '10.0.0.1', port: 10_000 }),
      targetView({ id: '2', host: '10.0.0.1', port: 9_000 }),
      targetView({ id: '3', host: '10.0.0.0', port: 1, priority: 1 }),
    ];
    const rows = mergeGrid([upstreamView({ name: 'zeta', targets }), upstreamView({ name: 'alpha' })], undefined);
    expect(addresses(rows)).toEqual([
      ['alpha', []],
      ['zeta', ['10.0.0.1:9000', '10.0.0.1:10000', '10.0.0.0:1']],
    ]);
  });

  it('is empty with nothing from either source', () => {
    expect(mergeGrid(undefined, undefined)).toEqual([]);
  });
});

describe('snapshotShape', () => {
  const t1 = gridTarget({ id: '1', host: 'a', port: 1 });
  const t2 = gridTarget({ id: '2', host: 'b', port: 2 });
  const shape = snapshotShape(gridSnapshot([{ name: 'pool', targets: [t1, t2] }]));

  it('ignores what changes every second: states, traffic, upstream order', () => {
    const busy = { ...t1, state: 'unhealthy' as const, inFlight: 9, requests60s: 120 };
    expect(snapshotShape(gridSnapshot([{ name: 'pool', targets: [busy, t2] }]))).toBe(shape);
    const two = snapshotShape(
      gridSnapshot([
        { name: 'b', targets: [] },
        { name: 'a', targets: [] },
      ]),
    );
    expect(two).toBe(
      snapshotShape(
        gridSnapshot([
          { name: 'a', targets: [] },
          { name: 'b', targets: [] },
        ]),
      ),
    );
  });

  it.each([
    ['a target added', [{ name: 'pool', targets: [t1, t2, gridTarget({ id: '3', host: 'c', port: 3 })] }]],
    ['a target removed', [{ name: 'pool', targets: [t1] }]],
    ['a target moved', [{ name: 'pool', targets: [t1, { ...t2, port: 3 }] }]],
    ['a target recreated under a new id', [{ name: 'pool', targets: [t1, { ...t2, id: '9' }] }]],
    ['the upstream renamed', [{ name: 'pool-2', targets: [t1, t2] }]],
  ])('changes with %s', (_, upstreams) => {
    expect(snapshotShape(gridSnapshot(upstreams))).not.toBe(shape);
  });
});
