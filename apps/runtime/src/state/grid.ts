import {
  circuitAt,
  displayState,
  HALF_OPEN_FACTOR,
  slowStartFactor,
  type AdminState,
  type ActiveStatus,
  type CircuitStatus,
  type CredentialsStatus,
  type DisplayState,
  type LiveTargets,
} from '@headwater/core';
import type { UpstreamRecord } from '../config/records.ts';
import type { ConfigSnapshot } from '../config/snapshot.ts';
import type { ProxyLookup, ProxyStatus } from './proxy-states.ts';
import type { TargetState } from './target-state.ts';
import type { TrafficLookup } from './traffic-stats.ts';

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
  /** 'rejected' while the target's own injected headers are refused (401/402/403); its reason says which status. */
  credentials: CredentialsStatus;
  /** Epoch ms of the last probe; null = never probed (or checks off). */
  lastProbeAt: number | null;
  /** Epoch ms when a drain will abort what is left; null unless draining. */
  drainDeadline: number | null;
  /** Epoch ms when a 429 cooldown ends; null when not cooling down. */
  cooldownUntil: number | null;
  /** Peak-EWMA time to first byte, ms; null = no traffic yet. */
  latencyMs: number | null;
  /** Attempts sent to this target in the last 60 s (retries included). */
  requests60s: number;
  /** Successes ÷ (successes + failures) in the last 60 s, by the passive checks' rules; null = nothing counted. */
  successRatePct: number | null;
  /** Time to first byte over the last 60 s, ms (histogram, within 26 % above the truth); null = no response. */
  p50Ms: number | null;
  p99Ms: number | null;
}

/** A priority tier's share of the attempts its upstream sent in the last 60 s, beside the share the spill rule gives it now. */
export interface GridTier {
  priority: number;
  /** Percent of the upstream's attempts (one decimal); 0 for every tier while there is no traffic. */
  sharePct: number;
  requests60s: number;
  /**
   * Percent of new requests the spill rule sends this tier right now (one decimal), from tier
   * health and the overprovisioning factor, by the balancer's own eligibility: what `sharePct`
   * converges to. 0 for every tier while no target is eligible.
   */
  computedSharePct: number;
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
  /** Every priority tier of the upstream, best first, with its share of the last 60 s of traffic. */
  tiers: GridTier[];
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
  states: LiveTargets & { entry(id: string): TargetState | undefined; all(): Iterable<TargetState> },
  now: number,
  proxies: ProxyLookup,
  traffic: TrafficLookup,
): GridSnapshot {
  // Targets deleted while requests were in flight stay on the grid until their drain ends
  // (keyed by upstream id: the upstream may have been renamed since).
  const deleting = new Map<string, TargetState[]>();
  for (const entry of states.all()) {
    if (entry.removed) deleting.set(entry.record.upstreamId, [...(deleting.get(entry.record.upstreamId) ?? []), entry]);
  }
  const upstreams = [...(snapshot?.upstreams.values() ?? [])].map((upstream): GridUpstream => {
    const gone = (deleting.get(upstream.config.id) ?? []).map((entry) => entry.record);
    const targets = [...upstream.config.targets, ...gone].flatMap((target): GridTarget[] => {
      const entry = states.entry(target.id);
      return entry ? [gridTarget(entry, upstream.config, now, traffic)] : [];
    });
    return {
      name: upstream.config.name,
      proxy: gridProxy(upstream.config.name, upstream.config.proxy, proxies),
      targets,
      tiers: tierShares(targets, upstream.balancer.tierShares(states, now)),
    };
  });
  return { node, at: now, upstreams };
}

type CellSettings = Pick<UpstreamRecord, 'slowStartMs' | 'quotaAware'>;

function gridTarget(entry: TargetState, { slowStartMs, quotaAware }: CellSettings, now: number, traffic: TrafficLookup): GridTarget {
  const { record: target, health } = entry;
  const { facts } = health;
  const circuit = circuitAt(facts, now);
  const { halfOpenRequests } = entry.checks.passive;
  const shown = displayState(facts, target.weight, now, { halfOpenRequests, quota: quotaAware ? entry.quota : null });
  if (entry.removed) shown.reasons.unshift('deleted: finishing what is in flight');
  // A half-open circuit takes its trial requests at the balancer's factor, whatever slowStartMs says.
  const factor = circuit === 'half-open' ? HALF_OPEN_FACTOR : slowStartFactor(facts.recoveredAt, slowStartMs, now);
  const seen = traffic.read(target.id);
  const counted = seen.successes + seen.failures;
  return {
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
    circuit,
    credentials: facts.credentials.status,
    lastProbeAt: health.active.lastProbeAt,
    drainDeadline: facts.admin === 'draining' ? facts.drainDeadline : null,
    cooldownUntil: facts.cooldownUntil !== null && facts.cooldownUntil > now ? facts.cooldownUntil : null,
    latencyMs: entry.latency ? Math.round(entry.latency.valueMs) : null,
    requests60s: seen.requests,
    successRatePct: counted > 0 ? oneDecimal((seen.successes / counted) * 100) : null,
    p50Ms: seen.p50Ms,
    p99Ms: seen.p99Ms,
  };
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/** Measured shares of the targets on the grid (those being deleted included), beside the balancer's computed ones. */
function tierShares(targets: readonly GridTarget[], computed: ReadonlyArray<{ priority: number; share: number }>): GridTier[] {
  const byPriority = new Map<number, number>();
  let total = 0;
  for (const target of targets) {
    byPriority.set(target.priority, (byPriority.get(target.priority) ?? 0) + target.requests60s);
    total += target.requests60s;
  }
  const computedOf = new Map(computed.map(({ priority, share }) => [priority, share]));
  return [...byPriority]
    .sort(([a], [b]) => a - b)
    .map(([priority, requests60s]) => ({
      priority,
      sharePct: total > 0 ? oneDecimal((requests60s / total) * 100) : 0,
      requests60s,
      computedSharePct: oneDecimal((computedOf.get(priority) ?? 0) * 100),
    }));
}

function gridProxy(upstream: string, proxy: { host: string; port: number } | null, proxies: ProxyLookup): GridProxy | null {
  if (!proxy) return null;
  const state = proxies.get(upstream);
  return {
    host: proxy.host,
    port: proxy.port,
    status: state?.status ?? 'unknown',
    detail: state?.detail ?? '',
    since: state?.since ?? null,
  };
}
