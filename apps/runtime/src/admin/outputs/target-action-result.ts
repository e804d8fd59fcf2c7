import { z } from 'zod';
import type { TargetActionResult } from '../target-actions.ts';
import { assertSameType } from './same-type.ts';

/** What enable, drain, disable, reset circuit and end cooldown answer. */
export const targetActionResultSchema = z.strictObject({
  id: z.string(),
  target: z.string(),
  changed: z.boolean(),
  message: z.string(),
});

assertSameType<z.output<typeof targetActionResultSchema>, TargetActionResult>();
