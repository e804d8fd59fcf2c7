import type { FakeBackend } from './fake-ai-backend.ts';

/** When a demo backend fails: for `failingMs` at the start of every `periodMs`, by the wall clock. */
export interface FailingWindow {
  readonly periodMs: number;
  readonly failingMs: number;
}

/**
 * Makes `backend` answer 503 (to traffic and to health probes alike) for the first
 * `failingMs` of every `periodMs` of the wall clock, and answer normally for the rest, so
 * whoever watches the grid sees it go Unhealthy, come back in slow start and turn Healthy,
 * at times they can predict ("the first 20 s of every minute"). Returns a function that stops it.
 */
export function failOnSchedule(backend: Pick<FakeBackend, 'setMode'>, window: FailingWindow): () => void {
  let timer: NodeJS.Timeout | undefined;
  const step = () => {
    const intoPeriodMs = Date.now() % window.periodMs;
    const failing = intoPeriodMs < window.failingMs;
    backend.setMode(failing ? { kind: 'status', status: 503 } : { kind: 'ok' });
    // Re-armed at each boundary from the clock itself, so it never drifts from "the first 20 s of every minute".
    const nextBoundaryMs = failing ? window.failingMs - intoPeriodMs : window.periodMs - intoPeriodMs;
    timer = setTimeout(step, nextBoundaryMs);
    timer.unref();
  };
  step();
  return () => clearTimeout(timer);
}
