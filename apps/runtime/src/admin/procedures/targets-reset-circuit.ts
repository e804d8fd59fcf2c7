import { targetActionResultSchema } from '../outputs/target-action-result.ts';
import { adminProcedure } from '../trpc.ts';
import { resetCircuit, targetActionInput } from '../target-actions.ts';

/** Closes an open or half-open circuit on this node (then slow start); logged "reset by operator". */
export const resetTargetCircuit = adminProcedure
  .input(targetActionInput)
  .output(targetActionResultSchema)
  .mutation(({ ctx, input }) => resetCircuit(ctx, input.id));
