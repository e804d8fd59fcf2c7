import { describe, expect, it } from 'vitest';
import { actionReport, failureReport } from '@/lib/action-report';

describe('actionReport', () => {
  it('says a stored-config action plainly, and fades it', () => {
    expect(actionReport({ changed: true, message: 'target draining' })).toEqual({
      ok: true,
      text: 'target draining',
      nodes: [],
      sticky: false,
    });
    expect(actionReport({ changed: false, message: 'target is already enabled' }).text).toBe('Nothing to do: target is already enabled');
  });

  it("keeps a fleet-wide action's per-node results until dismissed, in the runtime's words", () => {
    const nodes = [
      { node: 'node-a', outcome: 'changed', message: 'circuit closed' },
      { node: 'node-b', outcome: 'unchanged', message: 'circuit is already closed' },
      { node: 'node-c', outcome: 'skipped', message: 'node is lost' },
    ] as const;
    expect(actionReport({ changed: true, message: 'circuit closed on 1 of 3 nodes', nodes: [...nodes] })).toEqual({
      ok: true,
      text: 'circuit closed on 1 of 3 nodes',
      nodes,
      sticky: true,
    });
  });

  it('does not say "nothing to do" over per-node results where nothing changed', () => {
    const nodes = [
      { node: 'node-a', outcome: 'unchanged' as const, message: 'circuit is already closed' },
      { node: 'node-b', outcome: 'unchanged' as const, message: 'circuit is already closed' },
    ];
    expect(actionReport({ changed: false, message: 'circuit closed on 0 of 2 nodes', nodes }).text).toBe('circuit closed on 0 of 2 nodes');
  });

  it("reads as a failure when a node failed, even when it is the action's only node", () => {
    const nodes = [{ node: 'node-b', outcome: 'failed' as const, message: 'node-b unreachable: connect ECONNREFUSED' }];
    expect(actionReport({ changed: false, message: 'circuit closed on 0 of 1 node', nodes })).toEqual({
      ok: false,
      text: 'circuit closed on 0 of 1 node',
      nodes,
      sticky: true,
    });
  });

  it('a one-node action that worked fades like any other', () => {
    const nodes = [{ node: 'node-a', outcome: 'changed' as const, message: 'circuit closed' }];
    expect(actionReport({ changed: true, message: 'circuit closed on node-a', nodes })).toEqual({
      ok: true,
      text: 'circuit closed on node-a',
      nodes: [],
      sticky: false,
    });
  });
});

describe('failureReport', () => {
  it('stays until dismissed', () => {
    expect(failureReport('node "node-z" not found')).toEqual({ ok: false, text: 'node "node-z" not found', nodes: [], sticky: true });
  });
});
