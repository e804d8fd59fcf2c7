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

export function apiIssues(error: unknown): ApiIssue[] {
  if (!(error instanceof TRPCClientError)) return [];
  const data = error.data as { issues?: unknown } | undefined | null;
  if (Array.isArray(data?.issues)) {
    return data.issues
      .filter((issue): issue is { path: unknown; message: string } => typeof issue?.message === 'string')
      .map((issue) => ({ path: normalizePath(issue.path), message: issue.message }));
  }
  return [];
}

export function normalizePath(path: unknown): string {
  if (Array.isArray(path)) return path.join('.');
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

/**
 * Sorts an error's issues onto a form's fields. `prefixes` are input wrappers to strip
 * ("changes." for updates, "target." for targets.create) so paths match the form's keys;
 * `known` says which keys the form shows. Anything else lands in `general`.
 */
export function sortErrors(error: unknown, known: (key: string) => boolean, prefixes: string[] = []): SortedErrors {
  const issues = apiIssues(error);
  if (issues.length === 0) return { fields: {}, general: error ? [errorMessage(error)] : [] };
  return sortIssues(issues, known, prefixes);
}

/** Same as sortErrors, for issues found before calling the API (core's schemas, client-side). */
export function sortIssues(issues: ApiIssue[], known: (key: string) => boolean, prefixes: string[] = []): SortedErrors {
  const fields: FieldErrors = {};
  const general: string[] = [];
  for (const issue of issues) {
    let key = issue.path;
    for (const prefix of prefixes) if (key.startsWith(prefix)) key = key.slice(prefix.length);
    if (known(key) && !fields[key]) fields[key] = issue.message;
    else general.push(key ? `${key}: ${issue.message}` : issue.message);
  }
  return { fields, general };
}

/** The errors without those of `keys` (the same object when none of them was set, so React skips a render). */
export function withoutErrors(errors: FieldErrors, keys: string[]): FieldErrors {
  if (!keys.some((key) => key in errors)) return errors;
  const next = { ...errors };
  for (const key of keys) delete next[key];
  return next;
}
