import { Pool } from 'undici';
import type { Timeouts } from '@headwater/core';
import type { TargetRecord } from '../config/records.ts';

interface Entry {
  readonly key: string;
  readonly pool: Pool;
}

/**
 * One keep-alive undici Pool per target. A pool is rebuilt only when something it was
 * built from changes (timeouts, TLS); the old one closes gracefully, finishing what it carries.
 */
export class TargetPools {
  private readonly pools = new Map<string, Entry>();

  get(target: TargetRecord, timeouts: Timeouts): Pool {
    const key = JSON.stringify([target.protocol, target.host, target.port, target.tlsVerify, target.caCert ?? null, timeouts.connectMs, timeouts.headersMs, timeouts.bodyIdleMs]);
    const existing = this.pools.get(target.id);
    if (existing?.key === key) return existing.pool;
    if (existing) void existing.pool.close().catch(() => undefined);
    const pool = new Pool(`${target.protocol}://${target.host.includes(':') && !target.host.startsWith('[') ? `[${target.host}]` : target.host}:${target.port}`, {
      connect: {
        timeout: timeouts.connectMs,
        ...(target.protocol === 'https'
          ? { rejectUnauthorized: target.tlsVerify, servername: target.host, ...(target.caCert ? { ca: target.caCert } : {}) }
          : {}),
      },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyIdleMs,
      keepAliveTimeout: 30_000,
    });
    this.pools.set(target.id, { key, pool });
    return pool;
  }

  /** Closes pools of targets that are gone; in-flight requests on them finish first. */
  retain(ids: ReadonlySet<string>): void {
    for (const [id, entry] of this.pools) {
      if (ids.has(id)) continue;
      this.pools.delete(id);
      void entry.pool.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const closing = [...this.pools.values()].map((entry) => entry.pool.close().catch(() => undefined));
    this.pools.clear();
    await Promise.all(closing);
  }

  destroy(): void {
    for (const entry of this.pools.values()) void entry.pool.destroy().catch(() => undefined);
    this.pools.clear();
  }
}
