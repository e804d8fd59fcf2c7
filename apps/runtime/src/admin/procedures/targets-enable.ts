import { targetActionResultSchema } from '../outputs/target-action-result.ts';
import { adminProcedure } from '../trpc.ts';
import { setAdminState, targetActionInput } from '../target-actions.ts';

/** Puts the target back in rotation (a re-enabled target with active checks awaits its first probe). Stored, so every node follows. */
export const enableTarget = adminProcedure
  .input(targetActionInput)
  .output(targetActionResultSchema)
  .mutation(({ ctx, input }) => setAdminState(ctx, input.id, 'enabled'));
