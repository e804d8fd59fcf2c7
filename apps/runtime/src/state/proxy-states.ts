import { EventEmitter } from 'node:events';
import type { Clock } from '@headwater/core';

export type ProxyStatus = 'unknown' | 'up' | 'down';

export interface ProxyState {
  status: ProxyStatus;
  /** Why it is down, e.g. "proxy unreachable (ECONNREFUSED)". */
  detail: string;
  /** Epoch ms of the last change. */
  since: number;
}

/** Where the grid reads proxy states from (ProxyStates). */
export interface ProxyLookup {
  get(upstream: string): ProxyState | undefined;
}

export interface ProxyEvent {
  readonly upstream: string;
  readonly from: ProxyStatus;
  readonly to: ProxyStatus;
  readonly reason: string;
  readonly at: number;
}

/**
 * Each upstream's forward proxy as this node sees it, from real traffic and probes. A proxy
 * failure is the proxy's own fact: it never touches the targets' health. Emits 'event' once
 * per change of status.
 */
export class ProxyStates extends EventEmitter {
  private readonly states = new Map<string, ProxyState>();

  constructor(private readonly clock: Clock) {
    super();
  }

  get(upstream: string): ProxyState | undefined {
    return this.states.get(upstream);
  }

  succeeded(upstream: string): void {
    this.set(upstream, 'up', '');
  }

  failed(upstream: string, detail: string): void {
    this.set(upstream, 'down', detail);
  }

  /** Forgets upstreams that no longer have a proxy. */
  retain(upstreams: ReadonlySet<string>): void {
    for (const name of this.states.keys()) if (!upstreams.has(name)) this.states.delete(name);
  }

  private set(upstream: string, status: ProxyStatus, detail: string): void {
    const before = this.states.get(upstream);
    if (before?.status === status) {
      before.detail = detail;
      return;
    }
    const at = this.clock.now();
    this.states.set(upstream, { status, detail, since: at });
    this.emit('event', {
      upstream,
      from: before?.status ?? 'unknown',
      to: status,
      reason: detail || 'proxy reachable',
      at,
    } satisfies ProxyEvent);
  }
}
