import { z } from 'zod';

/** The exported config: one YAML text, its secrets masked or written as `${VAR}` placeholders. */
export const configExportResultSchema = z.strictObject({ yaml: z.string() });
