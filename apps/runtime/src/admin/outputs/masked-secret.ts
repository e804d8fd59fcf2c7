import { isMasked, maskSecret } from '@headwater/core';
import { z } from 'zod';

// The longest value maskSecret returns (the mask and the short tail it shows of a long secret),
// asked of maskSecret itself so this check cannot fall out of step with it.
const LONGEST_MASKED_LENGTH = maskSecret('x'.repeat(64)).length;

/**
 * A secret as the admin API may show it: the mask, with at most the tail `maskSecret` reveals.
 * Anything else may be the secret itself, and fails the call rather than reach the client.
 * The issue names the field and the rule, never the value.
 */
export const maskedSecret = z.string().refine((value) => isMasked(value) && value.length <= LONGEST_MASKED_LENGTH, {
  error: 'must be masked',
});

/** Injected headers as the admin API shows them: every value masked. */
export const maskedHeaders = z.record(z.string(), maskedSecret);
