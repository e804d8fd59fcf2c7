// Time and randomness come in through these ports so every reducer and selector is
// deterministic under test: core never reads the system clock or a random source itself.

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface Random {
  /** A uniform number in [0, 1). */
  next(): number;
}

/**
 * A small seeded generator (mulberry32). Good enough to spread load and jitter probes;
 * not for secrets. The runtime may inject any other `Random`.
 */
export function seededRandom(seed = 0x9e3779b9): Random {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = 0): Clock & { set(now: number): void; advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    set: (value) => {
      now = value;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
