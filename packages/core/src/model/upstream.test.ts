import { describe, expect, it } from 'vitest';
import { invalidConfig } from '../errors.ts';
import { upstreamSchema } from './upstream.ts';

const messageFor = (input: unknown) => {
  const result = upstreamSchema.safeParse(input);
  if (result.success) throw new Error('expected a validation error');
  return invalidConfig(result.error.issues).message;
};

describe('upstream schema', () => {
  it('fills every default of the spec', () => {
    const upstream = upstreamSchema.parse({ name: 'chat', targets: [{ host: '127.0.0.1', port: 9101 }] });
    expect(upstream).toMatchObject({
      algorithm: 'round-robin',
      retries: 2,
      retryOn: ['connect-error', 'reset', '502', '503', '504', '429'],
      retryBudgetPct: 20,
      retryBufferBytes: 8_388_608,
      timeouts: { connectMs: 5_000, headersMs: 600_000, bodyIdleMs: 300_000, totalMs: 0 },
      slowStartMs: 30_000,
      overprovisioningFactor: 1.4,
      drainTimeoutMs: 300_000,
      failOpen: false,
      proxy: null,
      healthChecks: {
        active: null,
        passive: { unhealthyStatuses: [500, 502, 503, 504], consecutiveFailures: 5, errorRatePct: 50, windowMs: 10_000, minRequests: 20 },
      },
      targets: [{ protocol: 'http', weight: 100, priority: 0, maxInFlight: 0, adminState: 'enabled', headers: {} }],
    });
  });

  it('fills active-check defaults when the block is present', () => {
    const upstream = upstreamSchema.parse({ name: 'chat', healthChecks: { active: {} } });
    expect(upstream.healthChecks.active).toMatchObject({
      type: 'http',
      path: '/health',
      timeoutMs: 2_000,
      concurrency: 10,
      expectedStatuses: ['200-299'],
      healthy: { intervalMs: 10_000, successes: 2 },
      unhealthy: { intervalMs: 2_000, httpFailures: 3, tcpFailures: 3, timeouts: 3 },
    });
  });

  it.each([
    [{ port: 70_000 }, 'targets.0.port: must be at most 65535'],
    [{ weight: -1 }, 'targets.0.weight: must be at least 0'],
    [{ host: '' }, 'targets.0.host: must not be empty'],
    [{ host: 'bad host' }, 'targets.0.host: must be an IP address or a DNS name'],
    [{ priority: 1.5 }, 'targets.0.priority: must be a whole number'],
  ])('names the field and the rule for target %j', (change, message) => {
    expect(messageFor({ name: 'chat', targets: [{ host: '127.0.0.1', port: 9101, ...change }] })).toBe(message);
  });

  it('rejects bad names, unknown fields and duplicate targets', () => {
    expect(messageFor({ name: 'Chat_Pool' })).toMatch(/^name: must be lowercase/);
    expect(messageFor({ name: 'chat', retires: 3 })).toMatch(/Unrecognized key: "retires"/);
    expect(
      messageFor({
        name: 'chat',
        targets: [
          { host: 'a', port: 1 },
          { host: 'a', port: 1 },
        ],
      }),
    ).toBe('targets.1.port: duplicates target a:1');
    expect(messageFor({ name: 'chat', algorithm: 'consistent-hash' })).toBe('hashOn: is required when algorithm is consistent-hash');
  });

  it.each([
    [
      { healthChecks: { active: { path: '/health check' } } },
      'healthChecks.active.path: must be visible ASCII characters only (no spaces or control characters)',
    ],
    [
      { healthChecks: { active: { path: '/health\r\nX: 1' } } },
      'healthChecks.active.path: must be visible ASCII characters only (no spaces or control characters)',
    ],
    [{ proxy: { host: 'p', port: 1, username: 'a:b' } }, 'proxy.username: must not contain ":" or control characters'],
  ])('refuses what the gateway could not send: %j', (input, message) => {
    expect(messageFor({ name: 'chat', ...input })).toBe(message);
  });
});
