import type { Random } from '@headwater/core';

/** The system's random source: the only place the runtime draws a random number. */
export const systemRandom: Random = { next: () => Math.random() };
