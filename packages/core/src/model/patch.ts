import { z } from 'zod';
import type { TargetInput } from './target.ts';
import type { ProxyInput, UpstreamInput } from './upstream.ts';

// A patch is merged over the stored config and the result is validated whole by the same
// schema that validates a create (one schema per concept). The patch schemas only check the
// shape is an object; the field rules come from the full schema, with the same paths.
const plainObject = <T>(what: string) =>
  z.custom<T>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
    error: `${what} must be an object`,
  }) as unknown as z.ZodType<T, T>; // input type = output type, so tRPC clients see the patch shape

/**
 * A proxy change: merged over the stored proxy field by field (host and port may be left out
 * when one is stored). `username: null` clears the username, and the password with it.
 */
export type ProxyPatch = Partial<Omit<ProxyInput, 'username'>> & { username?: string | null | undefined };
/** `proxy: null` removes the proxy. */
export type UpstreamPatch = Partial<Omit<UpstreamInput, 'targets' | 'proxy'>> & { proxy?: ProxyPatch | null | undefined };
export type TargetPatch = Partial<TargetInput>;

export const upstreamPatchSchema = plainObject<UpstreamPatch>('changes');
export const targetPatchSchema = plainObject<TargetPatch>('changes');
