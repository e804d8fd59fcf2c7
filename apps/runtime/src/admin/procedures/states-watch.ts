import { on } from 'node:events';
import { eachYielded } from '../outputs/each-yielded.ts';
import { gridSnapshotSchema } from '../outputs/grid-snapshot.ts';
import { adminProcedure } from '../trpc.ts';

// Time-dependent parts of a cell (slow-start %, cooldown seconds) move without an event.
const REFRESH_MS = 1_000;

/**
 * The live grid: a snapshot on connect, then one on every change (and at least every second).
 *
 * Each snapshot is checked against the grid schema on its way out: a full parse per tick. Measured
 * here (2 cores): about 1 µs per target, 1 ms for 1,000 targets and 12 ms for 10,000, as much as
 * the JSON.stringify tRPC already runs on every snapshot. Changes are coalesced to one per 100 ms,
 * so at 1,000 targets a console costs about 1 % of a core. Kept whole rather than sampled or
 * shallow: a leaked field would repeat on every tick, and a grid big enough for 12 ms on the event
 * loop to matter needs diffs instead of snapshots, which would shrink the serialising and the check alike.
 */
export const watchStates = adminProcedure.output(eachYielded(gridSnapshotSchema)).subscription(async function* ({ ctx, signal }) {
  yield ctx.states.grid();
  const ticker = setInterval(() => ctx.states.emit('change'), REFRESH_MS);
  try {
    for await (const _ of on(ctx.states, 'change', { signal })) yield ctx.states.grid();
  } finally {
    clearInterval(ticker);
  }
});
