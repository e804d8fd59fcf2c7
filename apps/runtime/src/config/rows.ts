import {
  healthCheckOverridesSchema,
  headerMap,
  healthChecksSchema,
  targetSchema,
  upstreamSettingsSchema,
  type TargetSettings,
  type UpstreamSettings,
} from '@headwater/core';
import type { z } from 'zod';
import type { TargetRecord, UpstreamRecord } from './records.ts';
import type { SecretBox } from './secret-box.ts';

// Rows <-> the core model. Reading a row goes through the same zod schemas an admin call
// does, so a row written by an older version gets today's defaults and rules.

type UpstreamColumns = {
  name: string;
  algorithm: string;
  hashOn: string | null;
  retries: number;
  retryOn: string;
  retryBudgetPct: number;
  retryBufferBytes: number;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyIdleTimeoutMs: number;
  totalTimeoutMs: number;
  slowStartMs: number;
  overprovisioningFactor: number;
  drainTimeoutMs: number;
  failOpen: boolean;
  activeHealthCheck: string | null;
  passiveHealthCheck: string;
  proxyHost: string | null;
  proxyPort: number | null;
  proxyUsername: string | null;
  proxyPassword: string | null;
};

type TargetColumns = {
  host: string;
  port: number;
  protocol: string;
  tlsVerify: boolean;
  caCert: string | null;
  weight: number;
  priority: number;
  maxInFlight: number;
  adminState: string;
  headers: string;
  healthCheckOverrides: string;
};

export function upstreamToColumns(upstream: UpstreamSettings, secrets: SecretBox): UpstreamColumns {
  return {
    name: upstream.name,
    algorithm: upstream.algorithm,
    hashOn: upstream.hashOn ?? null,
    retries: upstream.retries,
    retryOn: JSON.stringify(upstream.retryOn),
    retryBudgetPct: upstream.retryBudgetPct,
    retryBufferBytes: upstream.retryBufferBytes,
    connectTimeoutMs: upstream.timeouts.connectMs,
    headersTimeoutMs: upstream.timeouts.headersMs,
    bodyIdleTimeoutMs: upstream.timeouts.bodyIdleMs,
    totalTimeoutMs: upstream.timeouts.totalMs,
    slowStartMs: upstream.slowStartMs,
    overprovisioningFactor: upstream.overprovisioningFactor,
    drainTimeoutMs: upstream.drainTimeoutMs,
    failOpen: upstream.failOpen,
    activeHealthCheck: upstream.healthChecks.active ? JSON.stringify(upstream.healthChecks.active) : null,
    passiveHealthCheck: JSON.stringify(upstream.healthChecks.passive),
    proxyHost: upstream.proxy?.host ?? null,
    proxyPort: upstream.proxy?.port ?? null,
    proxyUsername: upstream.proxy?.username ?? null,
    proxyPassword: upstream.proxy?.password === undefined ? null : secrets.seal(upstream.proxy.password),
  };
}

export function targetToColumns(target: TargetSettings, secrets: SecretBox): TargetColumns {
  return {
    host: target.host,
    port: target.port,
    protocol: target.protocol,
    tlsVerify: target.tlsVerify,
    caCert: target.caCert ?? null,
    weight: target.weight,
    priority: target.priority,
    maxInFlight: target.maxInFlight,
    adminState: target.adminState,
    // Injected headers carry API keys: the whole map is sealed.
    headers: secrets.seal(JSON.stringify(target.headers)),
    healthCheckOverrides: JSON.stringify(target.healthChecks),
  };
}

const json = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

export function upstreamFromRow(
  row: UpstreamColumns & { id: string },
  targets: readonly TargetRecord[],
  secrets: SecretBox,
): UpstreamRecord {
  const settings = upstreamSettingsSchema.parse({
    name: row.name,
    algorithm: row.algorithm,
    hashOn: row.hashOn ?? undefined,
    retries: row.retries,
    retryOn: json(row.retryOn),
    retryBudgetPct: row.retryBudgetPct,
    retryBufferBytes: row.retryBufferBytes,
    timeouts: {
      connectMs: row.connectTimeoutMs,
      headersMs: row.headersTimeoutMs,
      bodyIdleMs: row.bodyIdleTimeoutMs,
      totalMs: row.totalTimeoutMs,
    },
    slowStartMs: row.slowStartMs,
    overprovisioningFactor: row.overprovisioningFactor,
    drainTimeoutMs: row.drainTimeoutMs,
    failOpen: row.failOpen,
    healthChecks: healthChecksSchema.parse({
      active: json(row.activeHealthCheck) ?? null,
      passive: json(row.passiveHealthCheck),
    }),
    proxy:
      row.proxyHost === null || row.proxyPort === null
        ? null
        : {
            host: row.proxyHost,
            port: row.proxyPort,
            ...(row.proxyUsername === null ? {} : { username: row.proxyUsername }),
            ...(row.proxyPassword === null ? {} : { password: secrets.open(row.proxyPassword) }),
          },
  });
  return { ...settings, id: row.id, targets };
}

export function targetFromRow(row: TargetColumns & { id: string; upstreamId: string }, secrets: SecretBox): TargetRecord {
  const settings = targetSchema.parse({
    host: row.host,
    port: row.port,
    protocol: row.protocol,
    tlsVerify: row.tlsVerify,
    ...(row.caCert === null ? {} : { caCert: row.caCert }),
    weight: row.weight,
    priority: row.priority,
    maxInFlight: row.maxInFlight,
    adminState: row.adminState,
    headers: headerMap.parse(JSON.parse(secrets.open(row.headers))),
    healthChecks: healthCheckOverridesSchema.parse(JSON.parse(row.healthCheckOverrides)),
  });
  return { ...settings, id: row.id, upstreamId: row.upstreamId };
}

/** The stored upstream as admin input (so a patch can be merged over it and re-validated). */
export function upstreamAsInput(upstream: UpstreamRecord): z.input<typeof upstreamSettingsSchema> {
  const { id: _id, targets: _targets, ...settings } = upstream;
  return settings;
}

export function targetAsInput(target: TargetRecord): z.input<typeof targetSchema> {
  const { id: _id, upstreamId: _upstreamId, ...settings } = target;
  return settings;
}
