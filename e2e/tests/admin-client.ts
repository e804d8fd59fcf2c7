import { stack } from './stack.ts';

// The runtime's admin API, called directly with the stack's token (tRPC over HTTP, no batching):
// specs set up and read back config this way, so what they check in the browser is the console's.

const adminUrl = `http://127.0.0.1:${stack.adminPort}/trpc`;
const headers = { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' };

async function answer<T>(response: Response, path: string): Promise<T> {
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!response.ok || !body.result) throw new Error(`${path}: HTTP ${response.status}: ${body.error?.message ?? 'no result'}`);
  return body.result.data;
}

export async function adminQuery<T>(path: string, input?: unknown): Promise<T> {
  const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return answer<T>(await fetch(`${adminUrl}/${path}${search}`, { headers }), path);
}

export async function adminMutation<T>(path: string, input: unknown): Promise<T> {
  return answer<T>(await fetch(`${adminUrl}/${path}`, { method: 'POST', headers, body: JSON.stringify(input) }), path);
}

type Named = { name: string; targets: Array<{ id: string; host: string; port: number }> };

export const listUpstreams = () => adminQuery<Named[]>('upstreams.list');

/** Deletes every upstream: a spec that needs the whole config to itself starts here. */
export async function deleteAllUpstreams(): Promise<void> {
  for (const upstream of await listUpstreams()) await adminMutation('upstreams.delete', { name: upstream.name });
}

/**
 * Creates an upstream, replacing one of the same name: Playwright runs a spec's `beforeAll`
 * again after a failed test, and that run must not trip over the first one's upstream.
 */
export async function recreateUpstream(input: { name: string } & Record<string, unknown>): Promise<void> {
  if ((await listUpstreams()).some((upstream) => upstream.name === input.name))
    await adminMutation('upstreams.delete', { name: input.name });
  await adminMutation('upstreams.create', input);
}

/** Sends `count` chat completions through the data plane to `upstream`, one after another; their statuses. */
export async function sendThroughDataPlane(upstream: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index++) {
    const response = await fetch(`http://127.0.0.1:${stack.dataPort}/u/${upstream}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake' }),
    });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}
