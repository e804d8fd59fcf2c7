import { Agent, request } from 'undici';

// Steady load as AI clients send it: `concurrency` callers, each POSTing a streamed chat
// completion (`chunks` server-sent events), reading it to its `[DONE]`, and POSTing the next,
// over keep-alive connections. Every outcome is counted; nothing is retried by the client, so
// an answer cut short is a failure, not a success.

export interface LoadFailure {
  readonly at: number;
  readonly what: string;
}

export interface SteadyLoad {
  /** Requests answered 200 with a complete body. */
  readonly ok: number;
  readonly failures: readonly LoadFailure[];
  /** Requests sent and not yet answered, right now. */
  readonly inFlight: number;
  /** Stops sending; resolves when every caller's last request has ended. */
  stop(): Promise<void>;
}

export function steadyLoad(url: string, upstream: string, concurrency: number, chunks = 5): SteadyLoad {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: concurrency });
  let running = true;
  const state = { ok: 0, inFlight: 0, failures: [] as LoadFailure[] };
  const one = async () => {
    state.inFlight++;
    try {
      const response = await request(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { host: upstream, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fake', stream: true, chunks, messages: [{ role: 'user', content: 'hello' }] }),
        dispatcher,
      });
      const text = await response.body.text();
      if (response.statusCode === 200 && text.trimEnd().endsWith('data: [DONE]')) state.ok++;
      else state.failures.push({ at: Date.now(), what: `${response.statusCode}: ${text.slice(0, 200)}` });
    } catch (error) {
      state.failures.push({ at: Date.now(), what: String(error) });
    } finally {
      state.inFlight--;
    }
  };
  const callers = Array.from({ length: concurrency }, async () => {
    while (running) await one();
  });
  return {
    get ok() {
      return state.ok;
    },
    get failures() {
      return state.failures;
    },
    get inFlight() {
      return state.inFlight;
    },
    async stop() {
      running = false;
      await Promise.all(callers);
      await dispatcher.close();
    },
  };
}
