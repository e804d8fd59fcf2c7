import { id, targetSchema } from '@headwater/core';
import type { z } from 'zod';
import { maskedHeaders } from './masked-secret.ts';

/**
 * A stored target as the admin API returns it: core's target schema (so a new setting shows up
 * here by itself), its identity, and the injected headers masked. Strict, like the schema it
 * extends. Its defaults never fill anything in: a view is built from a stored record, which has
 * every default applied already, and the `TargetView` type the view is built as requires each field.
 */
export const targetViewSchema = targetSchema.extend({ id, upstreamId: id, headers: maskedHeaders });

export type TargetView = z.output<typeof targetViewSchema>;
