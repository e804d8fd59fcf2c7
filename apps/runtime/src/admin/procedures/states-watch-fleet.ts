import { eachYielded } from '../outputs/each-yielded.ts';
import { fleetGridSchema } from '../outputs/fleet-grid.ts';
import { adminProcedure } from '../trpc.ts';

/**
 * The fleet grid: every node's cells for every target of this node's config, and a summary per
 * target, rebuilt every 500 ms while anyone watches. Every open stream shares one feed, so the
 * peers are asked once per round however many consoles watch; a peer slower than its 1 s timeout
 * shows unreachable without holding back the others.
 */
export const watchFleetStates = adminProcedure
  .output(eachYielded(fleetGridSchema))
  .subscription(({ ctx, signal }) => ctx.fleet.feed.watch(signal));
