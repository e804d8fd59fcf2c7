import { targetActionResultSchema } from '../outputs/target-action-result.ts';
import { adminProcedure } from '../trpc.ts';
import { setAdminState, targetActionInput } from '../target-actions.ts';

/** Takes the target out of rotation at once (in-flight requests are not aborted). Stored, so every node follows. */
export const disableTarget = adminProcedure
  .input(targetActionInput)
  .output(targetActionResultSchema)
  .mutation(({ ctx, input }) => setAdminState(ctx, input.id, 'disabled'));
