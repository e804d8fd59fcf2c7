import { on } from 'node:events';
import type { GridSnapshot } from '../../state/grid.ts';
import { adminProcedure } from '../trpc.ts';

// Time-dependent parts of a cell (slow-start %, cooldown seconds) move without an event.
const REFRESH_MS = 1_000;

/** The live grid: a snapshot on connect, then one on every change (and at least every second). */
export const watchStates = adminProcedure.subscription(async function* ({ ctx, signal }): AsyncGenerator<GridSnapshot> {
  yield ctx.states.grid();
  const ticker = setInterval(() => ctx.states.emit('change'), REFRESH_MS);
  try {
    for await (const _ of on(ctx.states, 'change', { signal })) yield ctx.states.grid();
  } finally {
    clearInterval(ticker);
  }
});

export const getStates = adminProcedure.query(({ ctx }) => ctx.states.grid());
