import { z } from 'zod';
import type { TargetInput } from './target.ts';
import type { UpstreamInput } from './upstream.ts';

// A patch is merged over the stored config and the result is validated whole by the same
// schema that validates a create (one schema per concept). The patch schemas only check the
// shape is an object; the field rules come from the full schema, with the same paths.
const plainObject = <T>(what: string) =>
  z.custom<T>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
    error: `${what} must be an object`,
  }) as unknown as z.ZodType<T, T>; // input type = output type, so tRPC clients see the patch shape

export type UpstreamPatch = Partial<Omit<UpstreamInput, 'targets'>>;
export type TargetPatch = Partial<TargetInput>;

export const upstreamPatchSchema = plainObject<UpstreamPatch>('changes');
export const targetPatchSchema = plainObject<TargetPatch>('changes');
