import { TRPCError } from '@trpc/server';
import { z } from 'zod';

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * The output schema of a subscription. tRPC checks a procedure's output once, when the resolver
 * returns, and a subscription returns its async iterable: so the check travels with the stream
 * and every yielded value is parsed on its way out (the pattern tRPC's docs give under
 * "Subscriptions, output validation"). A value that fails ends the stream with the same
 * INTERNAL_SERVER_ERROR a query's output failure gives. Ending the loop early (the client left)
 * returns the source too, so its `finally` runs.
 */
export function eachYielded<Out, In>(item: z.ZodType<Out, In>) {
  return z.custom<AsyncIterable<In, void>>(isAsyncIterable).transform(async function* (source): AsyncGenerator<Out, void> {
    for await (const value of source) {
      const parsed = item.safeParse(value);
      if (!parsed.success) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Output validation failed', cause: parsed.error });
      yield parsed.data;
    }
  });
}
