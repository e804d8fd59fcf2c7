/** A target's time to first byte, peak-EWMA style (Finagle, Linkerd). */
export interface PeakEwma {
  readonly valueMs: number;
  readonly at: number;
}

export const LATENCY_DECAY_MS = 10_000;

/**
 * A slower sample is taken at once (a target getting slow is avoided immediately); faster
 * samples pull the value down with an exponential decay over `decayMs`, so one lucky fast
 * response does not make a slow target look good.
 */
export function observeLatency(state: PeakEwma | null, sampleMs: number, now: number, decayMs = LATENCY_DECAY_MS): PeakEwma {
  if (state === null || sampleMs >= state.valueMs) return { valueMs: sampleMs, at: now };
  const keep = Math.exp(-Math.max(0, now - state.at) / decayMs);
  return { valueMs: state.valueMs * keep + sampleMs * (1 - keep), at: now };
}
