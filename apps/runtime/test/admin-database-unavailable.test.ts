import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '@headwater/prisma';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminContext } from '../src/admin/context.ts';
import type { AppRouter } from '../src/admin/router.ts';
import { createAdminServer } from '../src/admin/server.ts';
import { ConfigRepository } from '../src/config/repository.ts';
import { closedPort, TEST_TOKEN, testSecrets } from './harness.ts';

// The admin API on a config database nobody answers for (PostgreSQL on a port nothing listens
// on): every call gets one clear SERVICE_UNAVAILABLE, never Prisma's message. Only the parts a
// call reaches before the database are given: each fails at the repository, the first thing it asks.

let server: Server;
let db: Awaited<ReturnType<typeof openDatabase>>;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;
const failures: unknown[] = [];

beforeAll(async () => {
  db = await openDatabase(`postgresql://postgres@127.0.0.1:${await closedPort()}/headwater`);
  const repository = new ConfigRepository(db, 'unreachable-test', testSecrets);
  server = createAdminServer({
    token: TEST_TOKEN,
    context: { repository, env: {} } as unknown as Omit<AdminContext, 'authenticated'>,
    isReady: () => true,
    onError: (error) => failures.push(error),
    metrics: () => '',
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
  client = createTRPCClient<AppRouter>({ links: [httpLink({ url, headers: { authorization: `Bearer ${TEST_TOKEN}` } })] });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.$disconnect();
});

describe('the admin API without its database', () => {
  it.each([
    ['upstreams.create', () => client.upstreams.create.mutate({ name: 'new' })],
    ['upstreams.update', () => client.upstreams.update.mutate({ name: 'chat', changes: { retries: 1 } })],
    ['targets.update', () => client.targets.update.mutate({ id: 'some-target', changes: { weight: 1 } })],
    ['targets.disable', () => client.targets.disable.mutate({ id: 'some-target' })],
    ['config.import', () => client.config.import.mutate({ yaml: 'upstreams:\n  - name: new\n' })],
    ['upstreams.list', () => client.upstreams.list.query()],
  ])('answers %s with SERVICE_UNAVAILABLE: nothing was changed', async (_, call) => {
    const error = await call().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    const { message, data } = error as TRPCClientError<AppRouter>;
    expect(message).toBe('the configuration database is unreachable; nothing was changed');
    expect(data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', httpStatus: 503, headwaterCode: 'database_unavailable' });
  });

  it('leaves the logs of server errors empty: an unreachable database is not a bug of the runtime', () => {
    expect(failures).toEqual([]);
  });
});
