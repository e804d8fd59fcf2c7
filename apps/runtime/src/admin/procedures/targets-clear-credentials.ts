import { fleetActionResultSchema } from '../outputs/fleet-action-result.ts';
import { adminProcedure } from '../trpc.ts';
import { actOnFleet, fleetActionInput } from '../target-actions.ts';

/**
 * Ends a "credentials rejected" fact (the target's injected headers were refused with 401, 402
 * or 403) on every node, or on the one named by `node`, with each node's result: for a key that
 * was fixed at the service rather than in the config. Logged "cleared by operator"; slow start follows.
 */
export const clearTargetCredentials = adminProcedure
  .input(fleetActionInput)
  .output(fleetActionResultSchema)
  .mutation(({ ctx, input }) => actOnFleet(ctx, 'clearCredentials', input));
