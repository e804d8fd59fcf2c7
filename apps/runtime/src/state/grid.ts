import { circuitAt, displayState, slowStartFactor, type AdminState, type ActiveStatus, type CircuitStatus, type DisplayState } from '@headwater/core';
import type { ConfigSnapshot } from '../config/snapshot.ts';
import type { LiveEntry } from './health-store.ts';
import type { ProxyState, ProxyStatus } from './proxy-states.ts';

/** One cell of the live grid: a target as this node sees it. */
export interface GridTarget {
  id: string;
  host: string;
  port: number;
  weight: number;
  priority: number;
  adminState: AdminState;
  state: DisplayState;
  /** Every reason that applies, whatever the precedence picked. */
  reasons: string[];
  inFlight: number;
  /** Slow-start ramp in percent while it runs; null when the target serves at full weight. */
  slowStartPct: number | null;
  active: ActiveStatus;
  circuit: CircuitStatus;
  /** Epoch ms of the last probe; null = never probed (or checks off). */
  lastProbeAt: number | null;
  /** Epoch ms when a drain will abort what is left; null unless draining. */
  drainDeadline: number | null;
  /** Epoch ms when a 429 cooldown ends; null when not cooling down. */
  cooldownUntil: number | null;
  /** Peak-EWMA time to first byte, ms; null = no traffic yet. */
  latencyMs: number | null;
}

/** An upstream's forward proxy as this node sees it. */
export interface GridProxy {
  host: string;
  port: number;
  /** 'unknown' until a request or probe went through it (or failed to). */
  status: ProxyStatus;
  /** Why it is down, e.g. "proxy unreachable (ECONNREFUSED)"; '' otherwise. */
  detail: string;
  /** Epoch ms of the last change of status; null while unknown. */
  since: number | null;
}

export interface GridUpstream {
  name: string;
  /** null when the upstream reaches its targets directly. */
  proxy: GridProxy | null;
  targets: GridTarget[];
}

/** Where the grid reads proxy states from (ProxyStates). */
export interface ProxyLookup {
  get(upstream: string): ProxyState | undefined;
}

export interface GridSnapshot {
  node: string;
  /** Epoch ms when this snapshot was taken. */
  at: number;
  upstreams: GridUpstream[];
}

export function buildGrid(
  node: string,
  snapshot: ConfigSnapshot | undefined,
  store: { entry(id: string): LiveEntry | undefined },
  now: number,
  proxies?: ProxyLookup,
): GridSnapshot {
  const upstreams = [...(snapshot?.upstreams.values() ?? [])].map((upstream): GridUpstream => ({
    name: upstream.config.name,
    proxy: gridProxy(upstream.config.name, upstream.config.proxy, proxies),
    targets: upstream.config.targets.flatMap((target): GridTarget[] => {
      const entry = store.entry(target.id);
      if (!entry) return [];
      const { facts } = entry.health;
      const shown = displayState(facts, target.weight, now);
      const factor = slowStartFactor(facts.recoveredAt, upstream.config.slowStartMs, now);
      return [{
        id: target.id,
        host: target.host,
        port: target.port,
        weight: target.weight,
        priority: target.priority,
        adminState: facts.admin,
        state: shown.state,
        reasons: shown.reasons,
        inFlight: entry.inFlight,
        slowStartPct: factor < 1 && shown.state === 'healthy' ? Math.round(factor * 100) : null,
        active: facts.active,
        circuit: circuitAt(facts, now),
        lastProbeAt: entry.health.active.lastProbeAt,
        drainDeadline: facts.admin === 'draining' ? facts.drainDeadline : null,
        cooldownUntil: facts.cooldownUntil !== null && facts.cooldownUntil > now ? facts.cooldownUntil : null,
        latencyMs: entry.latency ? Math.round(entry.latency.valueMs) : null,
      }];
    }),
  }));
  return { node, at: now, upstreams };
}

function gridProxy(upstream: string, proxy: { host: string; port: number } | null, proxies: ProxyLookup | undefined): GridProxy | null {
  if (!proxy) return null;
  const state = proxies?.get(upstream);
  return { host: proxy.host, port: proxy.port, status: state?.status ?? 'unknown', detail: state?.detail ?? '', since: state?.since ?? null };
}
