import { z } from 'zod';

/** What a delete answers once the row is gone (a missing row is a NOT_FOUND error instead). */
export const deleteResultSchema = z.strictObject({ ok: z.literal(true) });
