import { z } from 'zod';
import type { ApplySummary } from '../../config/declarative.ts';
import { assertSameType } from './same-type.ts';

/**
 * One changed field. `from` and `to` are config values of any shape (a number, a list, a whole
 * target), so they are not checked here: the diff masks every secret before it gets this far
 * (config-diff.ts), and the import tests hold it to that.
 */
const fieldChangeSchema = z.strictObject({ path: z.string(), from: z.unknown(), to: z.unknown() });

/** What a config import did (or, dry run, would do): upstream names by outcome, and field by field what changes. */
export const applySummarySchema = z.strictObject({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.array(z.string()),
  changes: z.array(
    z.strictObject({
      upstream: z.string(),
      kind: z.enum(['created', 'updated']),
      fields: z.array(fieldChangeSchema),
    }),
  ),
});

assertSameType<z.output<typeof applySummarySchema>, ApplySummary>();
