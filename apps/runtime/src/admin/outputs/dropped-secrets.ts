import { z } from 'zod';

/**
 * Stored secrets a change dropped because their destination moved and the change did not give
 * them again (`headers.authorization`, `proxy.password`, `targets.10.0.0.7:443.headers.x-api-key`):
 * names only, never values. Empty when nothing was dropped.
 */
export const droppedSecrets = z.array(z.string());
