import { TRPCClientError } from '@trpc/client';

// Turns an admin API error into messages placed next to the fields they name.
// The runtime's BAD_REQUEST carries `data.issues: Array<{ path: string; message: string }>`
// and a `message` like "port: must be at most 65535; name: must not be empty".

export type FieldErrors = Record<string, string>;

export type ApiIssue = { path: string; message: string };

export type SortedErrors = {
  /** Keyed by field path relative to the form ("retries", "targets.1.port", "proxy.host"). */
  fields: FieldErrors;
  /** What no field on the form claims; shown at the top of the form. */
  general: string[];
};

/** How a form claims the paths of issues. */
export type ErrorRouting = {
  /** Which keys the form shows a field for; anything else lands in `general`. */
  known: (key: string) => boolean;
  /** Input wrappers to strip ("changes." for updates, "target." for targets.create) so paths match the form's keys. */
  prefixes?: readonly string[];
  /** A last rewrite of each key, for forms whose rows are not the API's rows. */
  rewrite?: (key: string) => string;
};

export function apiIssues(error: unknown): ApiIssue[] {
  if (!(error instanceof TRPCClientError)) return [];
  const data = error.data as { issues?: unknown } | undefined | null;
  if (!Array.isArray(data?.issues)) return [];
  return data.issues
    .filter((issue): issue is { path: unknown; message: string } => typeof issue?.message === 'string')
    .map((issue) => ({ path: normalizePath(issue.path), message: issue.message }));
}

/** Issues found before calling the API (a zod schema from core, client-side), in the API's shape. */
export function schemaIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): ApiIssue[] {
  return issues.map((issue) => ({ path: normalizePath(issue.path), message: issue.message }));
}

export function normalizePath(path: unknown): string {
  if (Array.isArray(path)) return path.map(String).join('.');
  return typeof path === 'string' ? path : '';
}

export function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const status = (error.data as { httpStatus?: unknown } | undefined | null)?.httpStatus;
  if (typeof status === 'number') return status;
  // Errors not shaped by tRPC still carry the HTTP response.
  const response = (error.meta as { response?: { status?: unknown } } | undefined)?.response;
  return typeof response?.status === 'number' ? response.status : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Sorts an API error onto a form's fields; an error without issues is one general message. */
export function sortErrors(error: unknown, routing: ErrorRouting): SortedErrors {
  const issues = apiIssues(error);
  if (issues.length === 0) return { fields: {}, general: error ? [errorMessage(error)] : [] };
  return sortIssues(issues, routing);
}

/** Sorts issues onto a form's fields: the first message per field wins, the rest go to `general`. */
export function sortIssues(issues: ApiIssue[], routing: ErrorRouting): SortedErrors {
  const fields: FieldErrors = {};
  const general: string[] = [];
  for (const issue of issues) {
    const key = formKey(issue.path, routing);
    if (routing.known(key) && !fields[key]) fields[key] = issue.message;
    else general.push(key ? `${key}: ${issue.message}` : issue.message);
  }
  return { fields, general };
}

function formKey(path: string, { prefixes = [], rewrite }: ErrorRouting): string {
  let key = path;
  for (const prefix of prefixes) if (key.startsWith(prefix)) key = key.slice(prefix.length);
  return rewrite ? rewrite(key) : key;
}

/**
 * The errors without those of `keys` (a list, or a test for each key). The same object when
 * none of them was set, so React skips a render.
 */
export function withoutErrors(errors: FieldErrors, keys: readonly string[] | ((key: string) => boolean)): FieldErrors {
  const drop = typeof keys === 'function' ? keys : (key: string) => keys.includes(key);
  const dropped = Object.keys(errors).filter(drop);
  if (dropped.length === 0) return errors;
  const next = { ...errors };
  for (const key of dropped) delete next[key];
  return next;
}
