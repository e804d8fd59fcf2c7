import type { Dispatcher } from 'undici';
import type { ActiveHealthCheck } from '@headwater/core';
import type { TargetRecord, UpstreamRecord } from '../config/records.ts';
import { Dispatchers, type TargetRoute } from '../data-plane/dispatchers.ts';
import { classifyTransportError } from '../data-plane/outcome.ts';
import { describeConnectionError, type ProbeOutcome } from './probe-outcome.ts';
import { tcpProbe } from './tcp-probe.ts';

export interface ProbeRequest {
  readonly upstream: Pick<UpstreamRecord, 'proxy' | 'timeouts'>;
  readonly target: TargetRecord;
  readonly settings: ActiveHealthCheck;
  /** Aborted = cancelled (shutdown, target removed): the probe reports nothing. */
  readonly signal: AbortSignal;
}

const defaultPort = { http: 80, https: 443 } as const;
/** A probe reads at most this much of a body, so a huge or endless health page costs little. */
const BODY_LIMIT = 65_536;

/** The probe's headers: its own, then the target's injected ones (replacing same-named ones), Host = the target's host. */
export function probeHeaders(
  settings: Pick<ActiveHealthCheck, 'headers'>,
  target: Pick<TargetRecord, 'host' | 'port' | 'headers'>,
  scheme: 'http' | 'https',
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings.headers)) headers[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(target.headers)) headers[name.toLowerCase()] = value;
  headers.host = target.port === defaultPort[scheme] ? target.host : `${target.host}:${target.port}`;
  return headers;
}

/**
 * Sends probes. http/https probes go through the target's own undici dispatcher (its Pool, or
 * the ProxyAgent of the upstream's forward proxy, with the target's TLS settings and SNI), but
 * nothing here touches the targets' live state: probes never count as traffic (in-flight, latency,
 * circuit). A probe whose scheme differs from the target's protocol (an `https` probe of an
 * `http` target, say) gets a dispatcher of its own, so the traffic one is never rebuilt.
 */
export class Prober {
  private readonly own: Dispatchers;

  constructor(private readonly dispatchers: Dispatchers) {
    // Same names, same TTLs: the probe-only dispatchers resolve through the traffic ones' DNS cache.
    this.own = new Dispatchers(dispatchers.dns);
  }

  probe(request: ProbeRequest): Promise<ProbeOutcome> {
    const { settings, target, upstream } = request;
    if (settings.type === 'tcp') {
      return tcpProbe({
        host: target.host,
        port: target.port,
        proxy: upstream.proxy,
        timeoutMs: settings.timeoutMs,
        signal: request.signal,
        lookup: this.dispatchers.dns.lookup,
      });
    }
    const route =
      settings.type === target.protocol
        ? this.dispatchers.for(upstream, target)
        : this.own.for(upstream, { ...target, id: `${target.id}#probe`, protocol: settings.type });
    return httpProbe(route, request);
  }

  /** Closes the probe-only dispatcher of a target that is gone. */
  drop(id: string): void {
    this.own.drop(`${id}#probe`);
  }

  async close(): Promise<void> {
    await this.own.close();
  }
}

async function httpProbe(route: TargetRoute, request: ProbeRequest): Promise<ProbeOutcome> {
  const { settings, target } = request;
  if (request.signal.aborted) return { kind: 'cancelled' };
  const controller = new AbortController();
  const cancel = () => controller.abort('cancelled');
  const timer = setTimeout(() => controller.abort('timeout'), settings.timeoutMs);
  request.signal.addEventListener('abort', cancel, { once: true });
  try {
    const response = await route.dispatcher.request({
      origin: route.origin,
      path: settings.path,
      method: settings.method as Dispatcher.HttpMethod,
      headers: probeHeaders(settings, target, settings.type === 'https' ? 'https' : 'http'),
      body: settings.body ?? null,
      signal: controller.signal,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
    });
    // The verdict is the status; the body is read (bounded) so the connection can be reused.
    await response.body.dump({ limit: BODY_LIMIT }).catch(() => undefined);
    return { kind: 'result', result: { kind: 'status', status: response.statusCode }, viaProxy: route.viaProxy };
  } catch (error) {
    if (controller.signal.aborted) {
      return controller.signal.reason === 'cancelled'
        ? { kind: 'cancelled' }
        : { kind: 'result', result: { kind: 'timeout' }, viaProxy: route.viaProxy };
    }
    const failure = classifyTransportError(error, route.viaProxy);
    if (failure.kind === 'proxy') return { kind: 'proxy-failure', detail: failure.detail };
    if (failure.outcome === 'timeout') return { kind: 'result', result: { kind: 'timeout' }, viaProxy: route.viaProxy };
    const tunnel = /Proxy response \((\d{3})\)/.exec(error instanceof Error ? error.message : '');
    const detail = tunnel ? `proxy could not reach the target (${tunnel[1]})` : describeConnectionError(error);
    return { kind: 'result', result: { kind: 'tcp-failure', detail }, viaProxy: route.viaProxy };
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', cancel);
  }
}
