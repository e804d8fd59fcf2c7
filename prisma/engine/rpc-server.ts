// The native engine's server mode: newline-delimited JSON-RPC 2.0 on stdin/stdout.
// Requests are answered one at a time, in order, like the native engine does.
import { createInterface } from 'node:readline';
import { describeEngineError } from './engine-error.ts';
import type { EngineSession } from './engine-session.ts';

type Id = number | string;
interface Request {
  id: Id;
  method: string;
  params?: unknown;
}
interface Response {
  id: Id;
  result?: unknown;
  error?: unknown;
}

// The code the native engine uses for every user-facing and panic error.
const ENGINE_ERROR_CODE = 4466;

function send(message: object): void {
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
}

function errorPayload(error: unknown) {
  const { message, errorCode, meta, isPanic } = describeEngineError(error);
  return {
    code: ENGINE_ERROR_CODE,
    message: isPanic ? message : 'An error happened. Check the data field for details.',
    data: { is_panic: isPanic, message, ...(errorCode ? { error_code: errorCode } : {}), ...(meta ? { meta } : {}) },
  };
}

/** Serves until stdin closes; resolves once the last request has been answered. */
export function serve(session: EngineSession): Promise<void> {
  const awaitingCli = new Map<Id, () => void>();
  let nextOwnId = 1;

  // `diff` prints through the CLI: the native engine sends it a `print` request and waits.
  const printThroughCli = (content: string) =>
    new Promise<void>((resolve) => {
      const id = `print-${nextOwnId++}`;
      awaitingCli.set(id, resolve);
      send({ id, method: 'print', params: { content } });
    });

  const handle = async (request: Request) => {
    try {
      const result = await session.call(request.method, request.params);
      if (request.method === 'diff') {
        const { stdout, exitCode } = result as { stdout: string | null; exitCode: number };
        if (stdout) await printThroughCli(stdout);
        send({ id: request.id, result: { exitCode } });
        return;
      }
      send({ id: request.id, result: result ?? null });
    } catch (error) {
      send({ id: request.id, error: errorPayload(error) });
    }
  };

  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    const message = JSON.parse(line) as Partial<Request & Response>;
    if (message.method === undefined && message.id !== undefined) {
      awaitingCli.get(message.id)?.();
      awaitingCli.delete(message.id);
      return;
    }
    queue = queue.then(() => handle(message as Request));
  });
  return new Promise((resolve) => lines.on('close', () => resolve(queue)));
}
