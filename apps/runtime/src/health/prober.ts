import type { ActiveHealthCheck } from '@headwater/core';
import type { TargetRecord, UpstreamRecord } from '../config/records.ts';
import { Dispatchers } from '../data-plane/dispatchers.ts';
import { httpProbe } from './http-probe.ts';
import type { ProbeCancel, ProbeOutcome } from './probe-outcome.ts';
import { tcpProbe } from './tcp-probe.ts';

export interface ProbeRequest {
  readonly upstream: Pick<UpstreamRecord, 'proxy' | 'timeouts'>;
  readonly target: TargetRecord;
  readonly settings: ActiveHealthCheck;
  /** Cancelled (shutdown, target removed): the probe reports nothing. */
  readonly cancel: ProbeCancel;
}

const defaultPort = { http: 80, https: 443 } as const;

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
        cancel: request.cancel,
        lookup: this.dispatchers.dns.lookup,
      });
    }
    const route =
      settings.type === target.protocol
        ? this.dispatchers.for(upstream, target)
        : this.own.for(upstream, { ...target, id: `${target.id}#probe`, protocol: settings.type });
    const headers = probeHeaders(settings, target, settings.type === 'https' ? 'https' : 'http');
    return httpProbe(route, { settings, headers, cancel: request.cancel });
  }

  /** Closes the probe-only dispatcher of a target that is gone. */
  drop(id: string): void {
    this.own.drop(`${id}#probe`);
  }

  async close(): Promise<void> {
    await this.own.close();
  }
}
