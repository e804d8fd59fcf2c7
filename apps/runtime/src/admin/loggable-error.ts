/**
 * An error that failed an admin call, as the log may hold it. Prisma's messages quote the
 * calling code and every argument of the query (sealed secrets, a whole imported config), so
 * only their kind, code, closing sentence and the database's own message (which names
 * constraints and columns, not values) are kept. Other errors pass as they are.
 */
export function loggableError(error: unknown): unknown {
  if (!(error instanceof Error) || !error.name.startsWith('PrismaClient')) return error;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown } } } };
  const lastLine = error.message.trim().split('\n').at(-1)?.trim() ?? '';
  const original = meta?.driverAdapterError?.cause?.originalMessage;
  const database = typeof original === 'string' ? ` (database: ${original})` : '';
  return Object.assign(new Error(`${error.name}: ${lastLine}${database}`), { code });
}
