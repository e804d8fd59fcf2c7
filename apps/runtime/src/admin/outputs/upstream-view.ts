import { id, proxySchema, upstreamSettingsSchema } from '@headwater/core';
import { z } from 'zod';
import { maskedSecret } from './masked-secret.ts';
import { targetViewSchema } from './target-view.ts';

/**
 * A stored upstream as the admin API returns it: core's settings schema, its identity, the
 * proxy password masked and every target as a target view. Strict, like the schema it extends;
 * its defaults never apply, as in the target view.
 */
export const upstreamViewSchema = upstreamSettingsSchema.extend({
  id,
  /** +1 on every stored change to the upstream or its targets; give it back as `expectedVersion` to refuse lost updates. */
  version: z.number().int(),
  proxy: proxySchema.extend({ password: maskedSecret.optional() }).nullable(),
  targets: z.array(targetViewSchema),
});

export type UpstreamView = z.output<typeof upstreamViewSchema>;
