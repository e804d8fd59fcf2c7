import { upstreamName, upstreamPatchSchema } from '@headwater/core';
import { z } from 'zod';
import { expectedVersion } from '../inputs/expected-version.ts';
import { upstreamUpdateResultSchema } from '../outputs/upstream-update-result.ts';
import { adminProcedure } from '../trpc.ts';
import { upstreamView } from '../views.ts';

/**
 * Edits an upstream's settings. A proxy that changes host or port makes every target new; the
 * proxy password, and the injected headers the new proxy could read, are kept only when given
 * again (the password in this change; headers by editing each target): the answer names the ones dropped.
 * `proxy: { username: null }` clears the username and the password with it.
 */
export const updateUpstream = adminProcedure
  .input(z.strictObject({ name: upstreamName, changes: upstreamPatchSchema, expectedVersion }))
  .output(upstreamUpdateResultSchema)
  .mutation(async ({ ctx, input }) => {
    const { upstream, droppedSecrets } = await ctx.repository.updateUpstream(input.name, input.changes, {
      expectedVersion: input.expectedVersion,
    });
    await ctx.config.reload();
    return { ...upstreamView(upstream), droppedSecrets };
  });
