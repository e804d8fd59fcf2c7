import { nodeListSchema } from '../outputs/node-list.ts';
import { adminProcedure } from '../trpc.ts';

/**
 * The fleet's nodes from the node registry: each one's address, version, config version (and
 * whether it is the stored one), readiness, requests per second, last heartbeat and status
 * (`lost` after 15 s unseen). Read from the database: refused while it is unreachable.
 */
export const listNodes = adminProcedure.output(nodeListSchema).query(({ ctx }) => ctx.nodes.read());
