import type { z } from 'zod';
import { droppedSecrets } from './dropped-secrets.ts';
import { upstreamViewSchema } from './upstream-view.ts';

/** What `upstreams.update` answers: the upstream as stored now (new target ids when its proxy moved), and the secrets dropped. */
export const upstreamUpdateResultSchema = upstreamViewSchema.extend({ droppedSecrets });

export type UpstreamUpdateResult = z.output<typeof upstreamUpdateResultSchema>;
