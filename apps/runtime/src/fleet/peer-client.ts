import { Agent, request } from 'undici';
import { z } from 'zod';
import { gridTargetSchema } from '../admin/outputs/grid-snapshot.ts';
import type { PeerGrid } from './fleet-grid.ts';
import type { NodeView } from './node-view.ts';
import { answerFailure, PeerFailure, peerMessage, transportFailure } from './peer-failure.ts';

/** How long the fleet grid waits for a peer's `states.get`: past it, the peer's cells show unreachable. */
export const PEER_GRID_TIMEOUT_MS = 1_000;
/** How long a fleet-wide action waits for each peer. */
export const PEER_ACTION_TIMEOUT_MS = 3_000;
/** The largest answer read from a peer (a grid of about 60,000 targets). */
const MAX_ANSWER_BYTES = 32 * 1_048_576;

/** The target actions a node asks its peers to run on their own live state. */
export type PeerAction = 'resetCircuit' | 'endCooldown' | 'clearCredentials';

/** One node's part of a fleet-wide action. */
export interface NodeActionResult {
  node: string;
  /** `skipped`: the node is lost; `failed`: it could not be reached, or refused (the message says why). */
  outcome: 'changed' | 'unchanged' | 'failed' | 'skipped';
  message: string;
}

/** Where a peer is reached: its id and advertised admin URL (a NodeView has both). */
export type Peer = Pick<NodeView, 'id' | 'adminUrl'>;

// A peer's grid is read leniently: the fields this node shows are required, and anything a newer
// peer adds is dropped, so a rolling upgrade does not turn the upgraded nodes unreachable.
const peerGridSchema = z.object({
  node: z.string(),
  at: z.number(),
  upstreams: z.array(z.object({ name: z.string(), targets: z.array(z.object(gridTargetSchema.shape)) })),
});

const peerActionSchema = z.object({
  nodes: z.array(z.object({ node: z.string(), outcome: z.enum(['changed', 'unchanged', 'failed', 'skipped']), message: z.string() })),
});

/** A peer's `states.get` answer, checked: the cells the fleet grid shows, or a PeerFailure. */
export function readPeerGrid(data: unknown): PeerGrid {
  const parsed = peerGridSchema.safeParse(data);
  if (!parsed.success) throw new PeerFailure('answered a grid this node cannot read (is it running another version?)');
  return parsed.data;
}

export interface PeerClientOptions {
  /** This node's admin token: a fleet shares one, and every peer call presents it. */
  token: string;
  gridTimeoutMs?: number;
  actionTimeoutMs?: number;
}

/**
 * Calls peers' admin APIs (tRPC over HTTP, as any client would) with this node's admin token.
 * Every call is bounded by its timeout, connection to answer; failures come back as
 * `PeerFailure`s whose messages never carry the token or the URL.
 */
export class PeerClient {
  private readonly token: string;
  private readonly gridTimeoutMs: number;
  private readonly actionTimeoutMs: number;
  // Its own connections, kept alive between polls, and closed with the runtime.
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connections: 4 });

  constructor(options: PeerClientOptions) {
    this.token = options.token;
    this.gridTimeoutMs = options.gridTimeoutMs ?? PEER_GRID_TIMEOUT_MS;
    this.actionTimeoutMs = options.actionTimeoutMs ?? PEER_ACTION_TIMEOUT_MS;
  }

  /** The peer's live grid (`states.get`). */
  async grid(peer: Peer): Promise<PeerGrid> {
    return readPeerGrid(await this.call(peer, 'states.get', undefined, this.gridTimeoutMs));
  }

  /** Runs `action` on the peer's own live state only (`node` = its id, so it does not fan out again). */
  async act(peer: Peer, action: PeerAction, id: string): Promise<NodeActionResult> {
    const data = await this.call(peer, `targets.${action}`, { id, node: peer.id }, this.actionTimeoutMs);
    const own = peerActionSchema.safeParse(data).data?.nodes.find((result) => result.node === peer.id);
    if (!own) throw new PeerFailure('answered without a result for itself (is it running another version?)');
    return { node: peer.id, outcome: own.outcome, message: peerMessage(own.message, this.token) };
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async call(peer: Peer, procedure: string, input: unknown, timeoutMs: number): Promise<unknown> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await request(procedureUrl(peer.adminUrl, procedure), {
        dispatcher: this.agent,
        method: input === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${this.token}`, ...(input === undefined ? {} : { 'content-type': 'application/json' }) },
        body: input === undefined ? undefined : JSON.stringify(input),
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = await readJson(response.body);
      if (response.statusCode !== 200) throw answerFailure(response.statusCode, body, this.token);
      return (body as { result?: { data?: unknown } } | undefined)?.result?.data;
    } catch (error) {
      throw transportFailure(error, timeoutMs, signal.aborted);
    }
  }
}

/** `<adminUrl>/trpc/<procedure>`, keeping any path the advertised URL has (a peer behind a path prefix). */
function procedureUrl(adminUrl: string, procedure: string): URL {
  const base = new URL(adminUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  return new URL(`trpc/${procedure}`, base);
}

/** The answer's JSON, read up to MAX_ANSWER_BYTES; undefined when it is not JSON. */
async function readJson(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<unknown> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > MAX_ANSWER_BYTES) {
      body.destroy();
      throw new PeerFailure(`answered more than ${MAX_ANSWER_BYTES / 1_048_576} MiB`);
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
