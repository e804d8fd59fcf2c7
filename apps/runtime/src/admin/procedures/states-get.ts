import { gridSnapshotSchema } from '../outputs/grid-snapshot.ts';
import { adminProcedure } from '../trpc.ts';

/** The live grid once, as `states.watch` streams it. */
export const getStates = adminProcedure.output(gridSnapshotSchema).query(({ ctx }) => ctx.states.grid());
