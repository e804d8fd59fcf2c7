import type { z } from 'zod';
import { droppedSecrets } from './dropped-secrets.ts';
import { targetViewSchema } from './target-view.ts';

/** What `targets.update` answers: the target as stored now (a new id when host, port or protocol changed), and the secrets dropped. */
export const targetUpdateResultSchema = targetViewSchema.extend({ droppedSecrets });

export type TargetUpdateResult = z.output<typeof targetUpdateResultSchema>;
