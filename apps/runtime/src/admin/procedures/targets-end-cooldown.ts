import { fleetActionResultSchema } from '../outputs/fleet-action-result.ts';
import { adminProcedure } from '../trpc.ts';
import { actOnFleet, fleetActionInput } from '../target-actions.ts';

/**
 * Ends a 429 cooldown before its Retry-After (then slow start) on every node, or on the one named
 * by `node`, with each node's result; logged "ended by operator" on each node that changed.
 */
export const endTargetCooldown = adminProcedure
  .input(fleetActionInput)
  .output(fleetActionResultSchema)
  .mutation(({ ctx, input }) => actOnFleet(ctx, 'endCooldown', input));
