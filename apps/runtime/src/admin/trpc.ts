import { HeadwaterError, errorCodes, invalidConfig, type ErrorCode, type FieldIssue } from '@headwater/core';
import { TRPCError, initTRPC } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import { databaseUnavailable, isDatabaseUnreachable } from '../config/database-errors.ts';
import { VersionConflict } from '../config/version-conflict.ts';
import type { AdminContext } from './context.ts';
import { upstreamViewSchema, type UpstreamView } from './outputs/upstream-view.ts';
import { upstreamView } from './views.ts';

const trpcCodeOf: Partial<Record<ErrorCode, TRPC_ERROR_CODE_KEY>> = {
  [errorCodes.INVALID_CONFIG]: 'BAD_REQUEST',
  [errorCodes.UNKNOWN_UPSTREAM]: 'NOT_FOUND',
  [errorCodes.UNKNOWN_TARGET]: 'NOT_FOUND',
  [errorCodes.NAME_TAKEN]: 'CONFLICT',
  [errorCodes.TARGET_EXISTS]: 'CONFLICT',
  [errorCodes.DATABASE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
  [errorCodes.VERSION_CONFLICT]: 'CONFLICT',
  [errorCodes.UNKNOWN_NODE]: 'NOT_FOUND',
};

/**
 * What a client hears of a failure that is not its own: nothing of the cause. Prisma's messages
 * quote the runtime's code and the query's arguments; the cause is logged (see server.ts).
 */
const INTERNAL_MESSAGE = 'the admin API failed to handle this request; the details are in the runtime log';

/** Field issues of an error, whether it came from input parsing (zod) or from the config layer. */
function issuesOf(error: TRPCError): HeadwaterError | undefined {
  if (error.cause instanceof HeadwaterError) return error.cause;
  // Only the input's issues are the caller's to fix: an output failing its schema is this server's fault.
  if (error.cause instanceof ZodError && error.code === 'BAD_REQUEST') return invalidConfig(error.cause.issues);
  return undefined;
}

/**
 * tRPC's own messages (a malformed request, an output that failed its schema) say what went
 * wrong and nothing else; any other server failure is told in general terms.
 */
function messageOf(error: TRPCError, message: string): string {
  if (error.code !== 'INTERNAL_SERVER_ERROR' || error.cause instanceof ZodError) return message;
  return INTERNAL_MESSAGE;
}

/** What a version conflict adds to the error's data; all null for any other error. */
interface ConflictData {
  /** The upstream as stored now, secrets masked (the schema of `upstreams.get`). */
  current: UpstreamView | null;
  expectedVersion: number | null;
  currentVersion: number | null;
}

function conflictOf(error: HeadwaterError | undefined): ConflictData {
  if (!(error instanceof VersionConflict)) return { current: null, expectedVersion: null, currentVersion: null };
  // Checked like any answer: a secret the view failed to mask leaves `current` out rather than leak.
  const current = upstreamViewSchema.safeParse(upstreamView(error.current));
  return { current: current.success ? current.data : null, expectedVersion: error.expectedVersion, currentVersion: error.currentVersion };
}

const t = initTRPC.context<AdminContext>().create({
  // Validation errors carry the field and the rule, both in the message and as data; a
  // version conflict carries the upstream as it is now.
  errorFormatter({ shape, error }) {
    const known = issuesOf(error);
    const issues: FieldIssue[] = known?.issues ?? [];
    return {
      ...shape,
      message: known ? known.message : messageOf(error, shape.message),
      data: { ...shape.data, stack: undefined, headwaterCode: known?.code ?? null, issues, ...conflictOf(known) },
    };
  },
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 20_000 },
  },
});

/** The domain error a failure stands for: its own, or DATABASE_UNAVAILABLE for a database that cannot be reached. */
function domainErrorOf(cause: unknown): HeadwaterError | undefined {
  if (cause instanceof HeadwaterError) return cause;
  return isDatabaseUnreachable(cause) ? databaseUnavailable() : undefined;
}

/** Maps domain errors to tRPC codes in one place. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const domain = result.ok ? undefined : domainErrorOf(result.error.cause);
  if (domain) throw new TRPCError({ code: trpcCodeOf[domain.code] ?? 'INTERNAL_SERVER_ERROR', message: domain.message, cause: domain });
  return result;
});

// The HTTP layer already rejected unauthenticated requests with 401; this is defence in depth
// so a procedure can never be mounted somewhere that skips it.
const authenticated = t.middleware(({ ctx, next }) => {
  if (!ctx.authenticated) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'a valid admin token is required' });
  return next();
});

export const router = t.router;
export const adminProcedure = t.procedure.use(authenticated).use(domainErrors);
