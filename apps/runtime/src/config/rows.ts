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
  quotaAware: boolean;
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

/** Where each sealed value belongs: a sealed value opens only in the row and field it was sealed for. */
export const secretBinding = {
  proxyPassword: (upstreamId: string) => `upstream:${upstreamId}:proxyPassword`,
  targetHeaders: (targetId: string) => `target:${targetId}:headers`,
};

export function upstreamToColumns(upstream: UpstreamSettings, secrets: SecretBox, id: string): UpstreamColumns {
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
    quotaAware: upstream.quotaAware,
    activeHealthCheck: upstream.healthChecks.active ? JSON.stringify(upstream.healthChecks.active) : null,
    passiveHealthCheck: JSON.stringify(upstream.healthChecks.passive),
    proxyHost: upstream.proxy?.host ?? null,
    proxyPort: upstream.proxy?.port ?? null,
    proxyUsername: upstream.proxy?.username ?? null,
    proxyPassword: upstream.proxy?.password === undefined ? null : secrets.seal(upstream.proxy.password, secretBinding.proxyPassword(id)),
  };
}

export function targetToColumns(target: TargetSettings, secrets: SecretBox, id: string): TargetColumns {
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
    headers: secrets.seal(JSON.stringify(target.headers), secretBinding.targetHeaders(id)),
    healthCheckOverrides: JSON.stringify(target.healthChecks),
  };
}

const json = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

/**
 * Stored headers that today's rules still allow. A header stored before a rule refused it (a
 * `connection` or `host` header, a value with a control character) is left out of the record,
 * and so no longer sent, rather than making the whole config unreadable; the row loses it
 * when it is next written.
 */
function allowedHeaders(stored: unknown): Record<string, string> {
  if (typeof stored !== 'object' || stored === null) return {};
  const entries = Object.entries(stored).filter(([name, value]) => headerMap.safeParse({ [name]: value }).success);
  return headerMap.parse(Object.fromEntries(entries));
}

/** An active-check block as stored, its probe headers held to today's rules (see `allowedHeaders`). */
function withAllowedProbeHeaders(active: unknown): unknown {
  if (typeof active !== 'object' || active === null || !('headers' in active)) return active;
  return { ...active, headers: allowedHeaders(active.headers) };
}

export function upstreamFromRow(
  row: UpstreamColumns & { id: string; version: number },
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
    quotaAware: row.quotaAware,
    healthChecks: healthChecksSchema.parse({
      active: withAllowedProbeHeaders(json(row.activeHealthCheck)) ?? null,
      passive: json(row.passiveHealthCheck),
    }),
    proxy:
      row.proxyHost === null || row.proxyPort === null
        ? null
        : {
            host: row.proxyHost,
            port: row.proxyPort,
            ...(row.proxyUsername === null ? {} : { username: row.proxyUsername }),
            ...(row.proxyPassword === null ? {} : { password: secrets.open(row.proxyPassword, secretBinding.proxyPassword(row.id)) }),
          },
  });
  return { ...settings, id: row.id, version: row.version, targets };
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
    headers: allowedHeaders(JSON.parse(secrets.open(row.headers, secretBinding.targetHeaders(row.id)))),
    healthChecks: healthCheckOverridesSchema.parse(overridesWithAllowedProbeHeaders(JSON.parse(row.healthCheckOverrides))),
  });
  return { ...settings, id: row.id, upstreamId: row.upstreamId };
}

function overridesWithAllowedProbeHeaders(overrides: unknown): unknown {
  if (typeof overrides !== 'object' || overrides === null || !('active' in overrides)) return overrides;
  return { ...overrides, active: withAllowedProbeHeaders(overrides.active) };
}

/** The stored upstream as admin input (so a patch can be merged over it and re-validated). */
export function upstreamAsInput(upstream: UpstreamRecord): z.input<typeof upstreamSettingsSchema> {
  const { id: _id, version: _version, targets: _targets, ...settings } = upstream;
  return settings;
}

export function targetAsInput(target: TargetRecord): z.input<typeof targetSchema> {
  const { id: _id, upstreamId: _upstreamId, ...settings } = target;
  return settings;
}
