import { id, targetPatchSchema } from '@headwater/core';
import { z } from 'zod';
import { expectedVersion } from '../inputs/expected-version.ts';
import { targetUpdateResultSchema } from '../outputs/target-update-result.ts';
import { adminProcedure } from '../trpc.ts';
import { targetView } from '../views.ts';

/**
 * Edits a target. Moving it (host, port, protocol, TLS settings) keeps only the injected
 * headers this change gives with their values; the answer names the ones dropped.
 */
export const updateTarget = adminProcedure
  .input(z.strictObject({ id, changes: targetPatchSchema, expectedVersion }))
  .output(targetUpdateResultSchema)
  .mutation(async ({ ctx, input }) => {
    const { target, droppedSecrets } = await ctx.repository.updateTarget(input.id, input.changes, {
      expectedVersion: input.expectedVersion,
    });
    await ctx.config.reload();
    return { ...targetView(target), droppedSecrets };
  });
