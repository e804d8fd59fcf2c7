import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';

/** One GET to 127.0.0.1:port; resolves with the status, rejects when nothing answers. */
export function httpStatus(port: number, path = '/', headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { connection: 'close', ...headers }, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('timeout', () => req.destroy(new Error('timed out')));
    req.once('error', reject);
    req.end();
  });
}

/** Waits until something answers HTTP on the port, or fails at once when the process exits. */
export async function waitForHttp(port: number, process: ChildProcess, timeoutMs: number, path = '/'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  process.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the process exited before it answered on port ${port}`);
    try {
      await httpStatus(port, path);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`nothing answered on port ${port} within ${timeoutMs} ms`);
}
