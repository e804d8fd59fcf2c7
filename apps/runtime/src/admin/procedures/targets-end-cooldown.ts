import { targetActionResultSchema } from '../outputs/target-action-result.ts';
import { adminProcedure } from '../trpc.ts';
import { endCooldown, targetActionInput } from '../target-actions.ts';

/** Ends a 429 cooldown on this node before its Retry-After (then slow start); logged "ended by operator". */
export const endTargetCooldown = adminProcedure
  .input(targetActionInput)
  .output(targetActionResultSchema)
  .mutation(({ ctx, input }) => endCooldown(ctx, input.id));
