import { describe, expect, it } from 'vitest';
import { formatClock } from '@/lib/format';
import { nodeCounts, nodeRows } from '@/lib/node-rows';
import { nodesList, nodeView } from '@/lib/test-fleet';

const at = 10 * 3_600_000;

describe('nodeRows', () => {
  it("measures uptime and last seen against the answering node's clock", () => {
    const list = nodesList(at, [
      nodeView({ id: 'node-a', self: true, startedAt: at - 250_000, lastSeenAt: at - 3_200, requestsPerSecond: 12.6 }),
    ]);
    expect(nodeRows(list)).toEqual([
      expect.objectContaining({
        id: 'node-a',
        self: true,
        config: 'current',
        uptime: '4 min 10 s',
        lastSeen: '3 s ago',
        readiness: 'Ready',
        requestsPerSecond: '13',
        status: 'Up',
        statusText: 'Up',
      }),
    ]);
  });

  it('says a node serving an older config version is behind, and one not ready is not ready', () => {
    const [row] = nodeRows(
      nodesList(at, [nodeView({ id: 'node-b', configVersion: 6, configCurrent: false, ready: false, lastSeenAt: at })]),
    );
    expect(row).toMatchObject({ configVersion: 6, config: 'behind', readiness: 'Not ready', lastSeen: 'just now' });
  });

  it('shows a lost node as lost, with how long ago it was last seen and nothing it is not known to be doing', () => {
    const lost = nodeView({ id: 'node-c', status: 'lost', startedAt: at - 3_600_000, lastSeenAt: at - 16_000, requestsPerSecond: 40 });
    expect(nodeRows(nodesList(at, [lost]))[0]).toMatchObject({
      status: 'Lost',
      statusText: 'Lost',
      lastSeen: '16 s ago',
      uptime: '–',
      readiness: '–',
      requestsPerSecond: '–',
    });
  });

  it('says when a node that stopped cleanly stopped, by the time of day its stop was written', () => {
    const stoppedAt = at - 2_000;
    const stopped = nodeView({ id: 'node-c', status: 'lost', ready: false, lastSeenAt: stoppedAt, stoppedAt });
    const [row] = nodeRows(nodesList(at, [stopped]));
    expect(row).toMatchObject({ status: 'Lost', lastSeen: '2 s ago', readiness: '–', uptime: '–' });
    expect(row!.statusText).toBe(`Lost · stopped ${formatClock(stoppedAt)}`);
    expect(row!.statusText).toMatch(/^Lost · stopped \d{1,2}:\d{2}:\d{2}$/);
  });
});

describe('nodeCounts', () => {
  it('counts up, lost, behind and not ready; a lost node is only lost', () => {
    const list = nodesList(at, [
      nodeView({ id: 'a', self: true }),
      nodeView({ id: 'b', configCurrent: false }),
      nodeView({ id: 'c', ready: false }),
      nodeView({ id: 'd', status: 'lost', configCurrent: false, ready: false }),
    ]);
    expect(nodeCounts(list)).toEqual({ total: 4, up: 3, lost: 1, behind: 1, notReady: 1 });
  });
});
