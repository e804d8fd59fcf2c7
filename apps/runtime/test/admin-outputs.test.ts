import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { maskSecret, targetSchema, upstreamSettingsSchema } from '@headwater/core';
import { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetRecord, UpstreamRecord } from '../src/config/records.ts';
import type { AdminContext } from '../src/admin/context.ts';
import { eachYielded } from '../src/admin/outputs/each-yielded.ts';
import { maskedSecret } from '../src/admin/outputs/masked-secret.ts';
import { targetViewSchema } from '../src/admin/outputs/target-view.ts';
import { upstreamViewSchema } from '../src/admin/outputs/upstream-view.ts';
import { appRouter } from '../src/admin/router.ts';
import { adminProcedure, router } from '../src/admin/trpc.ts';
import { targetView, upstreamView } from '../src/admin/views.ts';

const API_KEY = 'Bearer sk-live-abcdefghijklmnop';
const PROXY_PASSWORD = 'proxy-password-123456';

const storedTarget: TargetRecord = {
  ...targetSchema.parse({ host: '127.0.0.1', port: 9000, headers: { Authorization: API_KEY } }),
  id: 'target-1',
  upstreamId: 'upstream-1',
};
const storedUpstream: UpstreamRecord = {
  ...upstreamSettingsSchema.parse({ name: 'chat', proxy: { host: '127.0.0.1', port: 3128, username: 'ops', password: PROXY_PASSWORD } }),
  id: 'upstream-1',
  version: 1,
  targets: [storedTarget],
};

/** The issues of a failed parse, as they would reach a log: they must never carry the secret. */
function failure(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the output to fail its schema');
  return result.error.issues;
}

describe('admin output schemas', () => {
  it('are declared by every admin procedure', () => {
    // Typed as the nested router, but flat at run time: 'upstreams.list' -> procedure.
    const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { output?: unknown } }>);
    expect(procedures.length).toBeGreaterThanOrEqual(18);
    expect(procedures.filter(([, procedure]) => procedure._def.output === undefined).map(([path]) => path)).toEqual([]);
  });

  it.each(['short', 'sixteen-chars-ok', API_KEY])('let a secret through masked, as maskSecret shows %j', (secret) => {
    expect(maskedSecret.safeParse(maskSecret(secret)).success).toBe(true);
  });

  it.each([
    ['the secret itself', API_KEY],
    ['an empty value', ''],
    ['the mask followed by the whole secret', `${maskSecret('short')}${API_KEY}`],
  ])('reject %s where a masked secret belongs', (_, value) => {
    expect(failure(maskedSecret, value)).toEqual([expect.objectContaining({ code: 'custom', message: 'must be masked' })]);
  });

  it('accept the views the procedures build, unchanged', () => {
    const view = upstreamView(storedUpstream);
    expect(upstreamViewSchema.parse(view)).toEqual(view);
    expect(targetViewSchema.parse(targetView(storedTarget))).toEqual(targetView(storedTarget));
    const withoutPassword = upstreamView({ ...storedUpstream, proxy: { host: '127.0.0.1', port: 3128 } });
    expect(upstreamViewSchema.parse(withoutPassword).proxy).toEqual({ host: '127.0.0.1', port: 3128 });
  });

  it('fail an unmasked header or proxy password, naming the field but never the value', () => {
    const leakyTarget = { ...targetView(storedTarget), headers: storedTarget.headers };
    const leakyUpstream = { ...upstreamView(storedUpstream), proxy: storedUpstream.proxy, targets: [leakyTarget] };
    const issues = failure(upstreamViewSchema, leakyUpstream);
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(['proxy.password', 'targets.0.headers.authorization']);
    expect(JSON.stringify(issues)).not.toContain('sk-live');
    expect(JSON.stringify(issues)).not.toContain(PROXY_PASSWORD);
  });

  it('fail a field the API does not promise, at any depth, instead of passing it on', () => {
    const view = upstreamView(storedUpstream);
    const internal = { ...view, revision: 7, targets: [{ ...view.targets[0]!, sealedHeaders: 'v1:abc' }] };
    expect(failure(upstreamViewSchema, internal)).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['sealedHeaders'], path: ['targets', 0] }),
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['revision'], path: [] }),
    ]);
  });
});

describe('a reply that fails its output schema', () => {
  // The same procedure builder, error formatter and HTTP adapter as the admin API, with a resolver
  // that forgets to mask: its type is fine (a masked header is still a string), only the schema stops it.
  const leaky = router({ target: adminProcedure.output(targetViewSchema).query(() => storedTarget) });
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const handler = createHTTPHandler({
      router: leaky,
      basePath: '/trpc/',
      createContext: () => ({ authenticated: true }) as AdminContext,
    });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc/target`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is a 500 that says so, not a config error, and carries no secret', async () => {
    const response = await fetch(url);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({
      error: { message: 'Output validation failed', data: { code: 'INTERNAL_SERVER_ERROR', headwaterCode: null, issues: [] } },
    });
    expect(text).not.toContain('sk-live');
  });
});

describe('a subscription output schema', () => {
  const counter = eachYielded(z.strictObject({ count: z.number() }));

  async function* source(values: unknown[], onClose: () => void) {
    try {
      yield* values;
    } finally {
      onClose();
    }
  }

  it('checks every value on its way out, and ends the stream at the first that fails', async () => {
    let closed = false;
    const stream = await counter.parseAsync(
      source([{ count: 1 }, { count: 2 }, { count: 3, extra: true }, { count: 4 }], () => (closed = true)),
    );
    const sent: unknown[] = [];
    const ended = (async () => {
      for await (const value of stream) sent.push(value);
    })();
    await expect(ended).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'Output validation failed' });
    await expect(ended).rejects.toBeInstanceOf(TRPCError);
    expect(sent).toEqual([{ count: 1 }, { count: 2 }]);
    expect(closed).toBe(true);
  });

  it('closes its source when the client leaves early', async () => {
    let closed = false;
    const stream = await counter.parseAsync(source([{ count: 1 }, { count: 2 }], () => (closed = true)));
    for await (const value of stream) {
      expect(value).toEqual({ count: 1 });
      break;
    }
    expect(closed).toBe(true);
  });

  it('refuses a resolver that returns anything but a stream', () => {
    expect(counter.safeParse({ count: 1 }).success).toBe(false);
  });
});
