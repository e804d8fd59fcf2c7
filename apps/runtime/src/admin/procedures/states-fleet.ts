import { fleetGridSchema } from '../outputs/fleet-grid.ts';
import { adminProcedure } from '../trpc.ts';

/** The fleet grid once, as `states.watchFleet` streams it (the newest round when it is fresh, else a new one). */
export const getFleetStates = adminProcedure.output(fleetGridSchema).query(({ ctx }) => ctx.fleet.feed.current());
