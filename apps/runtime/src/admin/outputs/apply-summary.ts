import { z } from 'zod';
import type { ApplySummary } from '../../config/declarative.ts';
import { assertSameType } from './same-type.ts';

/** What a config import did (or, dry run, would do): upstream names by outcome. */
export const applySummarySchema = z.strictObject({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.array(z.string()),
});

assertSameType<z.output<typeof applySummarySchema>, ApplySummary>();
