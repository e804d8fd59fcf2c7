import { z } from 'zod';
import type { TargetInput } from './target.ts';
import type { UpstreamInput } from './upstream.ts';

// A patch is merged over the stored config and the result is validated whole by the same
// schema that validates a create (one schema per concept). The patch schemas only check the
// shape is an object; the field rules come from the full schema, with the same paths.
const plainObject = (what: string) =>
  z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
    error: `${what} must be an object`,
  });

export const upstreamPatchSchema = plainObject('changes') as unknown as z.ZodType<Partial<Omit<UpstreamInput, 'targets'>>>;
export const targetPatchSchema = plainObject('changes') as unknown as z.ZodType<Partial<TargetInput>>;

export type UpstreamPatch = z.infer<typeof upstreamPatchSchema>;
export type TargetPatch = z.infer<typeof targetPatchSchema>;
