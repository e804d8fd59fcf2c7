import { fleetActionResultSchema } from '../outputs/fleet-action-result.ts';
import { adminProcedure } from '../trpc.ts';
import { actOnFleet, fleetActionInput } from '../target-actions.ts';

/**
 * Closes an open or half-open circuit (then slow start) on every node, or on the one named by
 * `node`, with each node's result; logged "reset by operator" on each node that changed.
 */
export const resetTargetCircuit = adminProcedure
  .input(fleetActionInput)
  .output(fleetActionResultSchema)
  .mutation(({ ctx, input }) => actOnFleet(ctx, 'resetCircuit', input));
