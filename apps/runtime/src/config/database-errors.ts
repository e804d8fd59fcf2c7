import { HeadwaterError, errorCodes } from '@headwater/core';

// What a failure of the database (Prisma, its driver adapters, the drivers, the socket) means
// for a caller. Prisma's own messages never leave the runtime: they quote the calling code and
// its arguments, and say nothing an admin client could act on.

/** Driver-adapter error kinds that mean "the database cannot be used now", not "this query is wrong". */
const unreachableKinds = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'DatabaseAccessDenied',
  'AuthenticationFailed',
  'ConnectionClosed',
  'TlsConnectionError',
  'TooManyConnections',
  'SocketTimeout',
]);

/** Socket errors of a driver that was not wrapped by Prisma. */
const unreachableSystemCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

type Fields = { name?: unknown; code?: unknown; kind?: unknown; meta?: unknown; cause?: unknown; driverAdapterError?: unknown };

const fieldsOf = (error: unknown): Fields => (typeof error === 'object' && error !== null ? (error as Fields) : {});

/** The driver adapter's description of the failure, wherever Prisma put it. */
function adapterCause(error: unknown): Fields {
  const { meta, cause, name } = fieldsOf(error);
  const wrapped = fieldsOf(fieldsOf(meta).driverAdapterError).cause;
  if (wrapped !== undefined) return fieldsOf(wrapped);
  return name === 'DriverAdapterError' ? fieldsOf(cause) : {};
}

/** PostgreSQL SQLSTATEs: connection exceptions (08…), the server shutting down or starting (57P01-57P03), too many connections. */
const isUnreachableSqlState = (code: unknown) =>
  typeof code === 'string' && (code.startsWith('08') || /^57P0[123]$/.test(code) || code === '53300');

function isUnreachableHere(error: unknown): boolean {
  const { name, code } = fieldsOf(error);
  if (name === 'PrismaClientInitializationError') return true;
  // P1xxx: Prisma's connection and start-up errors; P2024: no connection from the pool in time.
  if (typeof code === 'string' && (/^P1\d{3}$/.test(code) || code === 'P2024')) return true;
  if (typeof code === 'string' && unreachableSystemCodes.has(code)) return true;
  const adapter = adapterCause(error);
  if (typeof adapter.kind === 'string' && unreachableKinds.has(adapter.kind)) return true;
  // A PostgreSQL error, through the adapter or straight from the pg driver.
  return isUnreachableSqlState(adapter.kind === 'postgres' ? adapter.code : code);
}

/** True when `error` (or what caused it) says the database cannot be reached or used right now. */
export function isDatabaseUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if (isUnreachableHere(current)) return true;
    current = fieldsOf(current).cause;
  }
  return false;
}

/** The error an admin write gets while the database is unreachable. */
export function databaseUnavailable(): HeadwaterError {
  return new HeadwaterError(errorCodes.DATABASE_UNAVAILABLE, 'the configuration database is unreachable; nothing was changed');
}

/**
 * The table whose unique constraint a write broke (`Upstream`, `Target`), or undefined when
 * `error` is something else. Two writers racing for one name both pass their check; the
 * database's constraint is what stops the second.
 */
export function uniqueViolationTable(error: unknown): string | undefined {
  const { code, meta } = fieldsOf(error);
  const adapter = adapterCause(error);
  if (code !== 'P2002' && adapter.kind !== 'UniqueConstraintViolation') return undefined;
  const table = fieldsOf(meta) as { modelName?: unknown };
  if (typeof table.modelName === 'string') return table.modelName;
  const adapterTable = (adapter as { table?: unknown }).table;
  return typeof adapterTable === 'string' ? adapterTable : '';
}
