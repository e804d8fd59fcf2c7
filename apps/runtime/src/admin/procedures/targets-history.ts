import { errorCodes, HeadwaterError, id } from '@headwater/core';
import { z } from 'zod';
import { HISTORY_RESOLUTION_MS, HISTORY_WINDOW_MS } from '../../state/traffic-history.ts';
import { targetHistorySchema } from '../outputs/target-history.ts';
import { adminProcedure } from '../trpc.ts';

/**
 * One target's last 15 minutes on this node at 10 s resolution: attempts, failures and error
 * rate by the passive checks' rules, p50/p99 time to first byte (the grid's 60 s figures, slot
 * by slot). Read from memory, so it answers while the database is down; a target this node
 * does not know (never configured, or deleted and gone) is NOT_FOUND.
 */
export const targetHistory = adminProcedure
  .input(z.strictObject({ id }))
  .output(targetHistorySchema)
  .query(({ ctx, input }) => {
    if (!ctx.states.entry(input.id)) throw new HeadwaterError(errorCodes.UNKNOWN_TARGET, `no target with id "${input.id}" on this node`);
    return {
      id: input.id,
      node: ctx.states.node,
      resolutionMs: HISTORY_RESOLUTION_MS,
      windowMs: HISTORY_WINDOW_MS,
      points: ctx.traffic.history(input.id),
    };
  });
