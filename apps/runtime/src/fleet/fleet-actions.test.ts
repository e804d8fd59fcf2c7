import { errorCodes, HeadwaterError } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { testNode } from '../../test/support/fake-peer.ts';
import { actAcrossFleet, summarizeFleetAction } from './fleet-actions.ts';
import type { NodeActionResult, Peer, PeerAction } from './peer-client.ts';
import { PeerFailure } from './peer-failure.ts';

/** A fleet of a (this node), b (answers "changed"), c (unreachable), d (lost: silent) and e (lost: stopped), recording every peer call. */
function fleet() {
  const calls: Array<{ peer: string; action: PeerAction; id: string }> = [];
  let listed = 0;
  const deps = {
    directory: {
      self: 'a',
      list: async () => {
        listed++;
        return [
          testNode('a', 'http://a', { self: true }),
          testNode('b', 'http://b'),
          testNode('c', 'http://c'),
          testNode('d', 'http://d', { status: 'lost' }),
          testNode('e', 'http://e', { status: 'lost', stoppedAt: 1_000 }),
        ];
      },
    },
    peers: {
      act: async (peer: Peer, action: PeerAction, id: string): Promise<NodeActionResult> => {
        calls.push({ peer: peer.id, action, id });
        if (peer.id === 'c') throw new PeerFailure('connection refused (ECONNREFUSED)');
        return { node: peer.id, outcome: 'changed', message: 'circuit closed' };
      },
    },
  };
  const local = async (): Promise<NodeActionResult> => ({ node: 'a', outcome: 'unchanged', message: 'circuit is already closed' });
  return { deps, calls, local, listed: () => listed };
}

describe('actAcrossFleet', () => {
  it('without a node: this node locally, every other up node through its API (asked to act on itself), lost nodes skipped', async () => {
    const { deps, calls, local } = fleet();
    const results = await actAcrossFleet(deps, 'resetCircuit', { id: 't1' }, local);
    expect(results).toEqual([
      { node: 'a', outcome: 'unchanged', message: 'circuit is already closed' },
      { node: 'b', outcome: 'changed', message: 'circuit closed' },
      { node: 'c', outcome: 'failed', message: 'connection refused (ECONNREFUSED)' },
      { node: 'd', outcome: 'skipped', message: 'node is lost: no heartbeat for 15 s or more' },
      { node: 'e', outcome: 'skipped', message: 'node is lost: it stopped' },
    ]);
    expect(calls).toEqual([
      { peer: 'b', action: 'resetCircuit', id: 't1' },
      { peer: 'c', action: 'resetCircuit', id: 't1' },
    ]);
  });

  it('with this node: local only, without reading the node list or calling a peer', async () => {
    const { deps, calls, local, listed } = fleet();
    expect(await actAcrossFleet(deps, 'endCooldown', { id: 't1', node: 'a' }, local)).toEqual([await local()]);
    expect(calls).toEqual([]);
    expect(listed()).toBe(0);
  });

  it('with another node: that node only, not this one', async () => {
    const { deps, calls } = fleet();
    let localRan = false;
    const local = async (): Promise<NodeActionResult> => {
      localRan = true;
      return { node: 'a', outcome: 'changed', message: 'x' };
    };
    expect(await actAcrossFleet(deps, 'endCooldown', { id: 't1', node: 'b' }, local)).toEqual([
      { node: 'b', outcome: 'changed', message: 'circuit closed' },
    ]);
    expect(calls).toEqual([{ peer: 'b', action: 'endCooldown', id: 't1' }]);
    expect(localRan).toBe(false);
  });

  it('with an unknown node: UNKNOWN_NODE naming it, and nothing done', async () => {
    const { deps, calls, local } = fleet();
    const error = await actAcrossFleet(deps, 'resetCircuit', { id: 't1', node: 'zz' }, local).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeadwaterError);
    expect(error).toMatchObject({ code: errorCodes.UNKNOWN_NODE, message: 'no node "zz" in the fleet (see nodes.list)' });
    expect(calls).toEqual([]);
  });
});

describe('summarizeFleetAction', () => {
  const result = (node: string, outcome: NodeActionResult['outcome']): NodeActionResult => ({ node, outcome, message: '' });

  it('counts each outcome, the first out of all nodes, naming the nodes that failed or were skipped', () => {
    expect(summarizeFleetAction('resetCircuit', [result('a', 'changed'), result('b', 'changed'), result('c', 'unchanged')])).toEqual({
      changed: true,
      message: 'circuit closed on 2 of 3 nodes · already closed on 1',
    });
    expect(summarizeFleetAction('endCooldown', [result('a', 'unchanged'), result('b', 'failed'), result('c', 'skipped')])).toEqual({
      changed: false,
      message: 'not cooling down on 1 of 3 nodes · failed on 1 (b) · skipped (lost) on 1 (c)',
    });
    expect(summarizeFleetAction('resetCircuit', [result('a', 'changed')])).toEqual({
      changed: true,
      message: 'circuit closed on 1 of 1 node',
    });
    expect(summarizeFleetAction('resetCircuit', [result('a', 'unchanged')]).message).toBe('circuit already closed on 1 of 1 node');
    expect(summarizeFleetAction('endCooldown', [result('b', 'failed'), result('a', 'changed')]).message).toBe(
      'cooldown ended on 1 of 2 nodes · failed on 1 (b)',
    );
  });
});
