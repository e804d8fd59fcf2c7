import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PeerClient } from '../src/fleet/peer-client.ts';
import { closedPort } from './harness.ts';
import { type FakePeer, startFakePeer, testCell, testGrid } from './support/fake-peer.ts';

const TOKEN = 'fleet-token-0123456789abcdef';
let peer: FakePeer;
const client = new PeerClient({ token: TOKEN, gridTimeoutMs: 300, actionTimeoutMs: 300 });

beforeAll(async () => {
  peer = await startFakePeer(testGrid('b', 42, [testCell('t1', { state: 'unhealthy' })]));
});
afterEach(() => {
  peer.mode = { kind: 'grid' };
  peer.requests.length = 0;
});
afterAll(async () => {
  await Promise.all([peer.close(), client.close()]);
});

/** The failure's message; fails the test if the call succeeded. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the peer call to fail');
    },
    (error: Error) => error.message,
  );

describe('PeerClient', () => {
  it("reads a peer's states.get with this node's token, under the advertised URL's path, without its query", async () => {
    const grid = await client.grid({ id: 'b', adminUrl: `${peer.url}/admin?x=1` });
    // Only what the fleet grid shows is kept: each target's cell (proxies and tiers stay on the peer's own grid).
    expect(grid).toEqual({ node: 'b', at: 42, upstreams: [{ name: 'pool', targets: [testCell('t1', { state: 'unhealthy' })] }] });
    expect(peer.requests).toEqual([{ method: 'GET', path: '/admin/trpc/states.get', authorization: `Bearer ${TOKEN}`, body: '' }]);
  });

  it('drops fields a newer peer adds, so a rolling upgrade keeps its cells', async () => {
    peer.mode = {
      kind: 'answer',
      status: 200,
      body: {
        result: { data: { ...peer.grid, extra: 1, upstreams: [{ name: 'pool', targets: [{ ...testCell('t1'), newField: 'x' }] }] } },
      },
    };
    const grid = await client.grid({ id: 'b', adminUrl: peer.url });
    expect(grid.upstreams[0]!.targets[0]).toEqual(testCell('t1'));
  });

  it('asks a peer to act on itself only (node = its id) and returns its own result', async () => {
    const nodes = [{ node: 'b', outcome: 'changed', message: 'circuit closed' }];
    peer.mode = {
      kind: 'answer',
      status: 200,
      body: { result: { data: { id: 't1', target: 'x:1', changed: true, message: 'm', nodes } } },
    };
    expect(await client.act({ id: 'b', adminUrl: peer.url }, 'resetCircuit', 't1')).toEqual(nodes[0]);
    expect(peer.requests).toEqual([
      { method: 'POST', path: '/trpc/targets.resetCircuit', authorization: `Bearer ${TOKEN}`, body: '{"id":"t1","node":"b"}' },
    ]);
  });

  it('gives up on a peer that does not answer within the timeout, saying so', async () => {
    peer.mode = { kind: 'hang' };
    expect(await failure(client.grid({ id: 'b', adminUrl: peer.url }))).toBe('did not answer within 0.3 s');
    expect(await failure(client.act({ id: 'b', adminUrl: peer.url }, 'endCooldown', 't1'))).toBe('did not answer within 0.3 s');
  });

  it('names a refused connection by its code, without the address', async () => {
    const port = await closedPort();
    const message = await failure(client.grid({ id: 'b', adminUrl: `http://127.0.0.1:${port}/?token=${TOKEN}` }));
    expect(message).toBe('connection refused (ECONNREFUSED)');
  });

  it('passes on a peer error without the token or any URL past its host, and explains a refused token', async () => {
    const leaky = `bad thing at http://user:pw@10.0.0.9:8081/trpc/x?key=${TOKEN}#frag, token ${TOKEN}\nsecond line`;
    peer.mode = { kind: 'answer', status: 404, body: { error: { message: leaky, data: { code: 'NOT_FOUND' } } } };
    const message = await failure(client.act({ id: 'b', adminUrl: peer.url }, 'resetCircuit', 't1'));
    expect(message).toBe('answered 404 NOT_FOUND: bad thing at http://10.0.0.9:8081 token [token] second line');

    peer.mode = { kind: 'answer', status: 401, body: { error: { type: 'unauthorized' } } };
    const refused = await failure(client.grid({ id: 'b', adminUrl: peer.url }));
    expect(refused).toBe("refused this node's admin token (401): every node of a fleet needs the same HEADWATER_ADMIN_TOKEN");

    peer.mode = { kind: 'answer', status: 200, body: { result: { data: { something: 'else' } } } };
    expect(await failure(client.grid({ id: 'b', adminUrl: peer.url }))).toBe(
      'answered a grid this node cannot read (is it running another version?)',
    );
  });
});
