import { runtimeStatusSchema } from '../outputs/runtime-status.ts';
import { adminProcedure } from '../trpc.ts';

/** This node and whether it reaches the config database, from memory: it answers while the database is down. */
export const runtimeStatus = adminProcedure.output(runtimeStatusSchema).query(({ ctx }) => ctx.nodes.status());
