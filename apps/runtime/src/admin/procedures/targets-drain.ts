import { targetActionResultSchema } from '../outputs/target-action-result.ts';
import { adminProcedure } from '../trpc.ts';
import { setAdminState, targetActionInput } from '../target-actions.ts';

/** No new requests; in-flight requests and streams go on until they end or drainTimeoutMs passes, then Disabled. Stored, so every node follows. */
export const drainTarget = adminProcedure
  .input(targetActionInput)
  .output(targetActionResultSchema)
  .mutation(({ ctx, input }) => setAdminState(ctx, input.id, 'draining'));
