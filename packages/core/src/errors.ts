// Errors with stable codes. The runtime maps each code to an HTTP status and JSON body in
// one place (data plane) and tRPC maps them in its error formatter (admin API).

export const errorCodes = {
  UNKNOWN_UPSTREAM: 'unknown_upstream',
  UNKNOWN_TARGET: 'unknown_target',
  NAME_TAKEN: 'name_taken',
  TARGET_EXISTS: 'target_exists',
  INVALID_CONFIG: 'invalid_config',
  NO_ELIGIBLE_TARGET: 'no_eligible_target',
  ALL_COOLING_DOWN: 'all_cooling_down',
  UPSTREAM_TRANSPORT: 'upstream_transport',
  PROXY_UNREACHABLE: 'proxy_unreachable',
  UPSTREAM_TIMEOUT: 'upstream_timeout',
  /** Every target tried refused its own configured credentials (401/402/403 to injected headers): 502, never the target's status. */
  CREDENTIALS_REJECTED: 'credentials_rejected',
  /** The caller's request is malformed or not forwardable (e.g. a request target that is not origin-form): 400. */
  BAD_REQUEST: 'bad_request',
  /** The caller was too slow sending its request head or body: 408. */
  CALLER_TIMEOUT: 'caller_timeout',
  /** A failure the gateway itself caused (a request it could not send): 500, never a target outcome. */
  GATEWAY_INTERNAL: 'gateway_internal',
  /** The config database cannot be reached: nothing was read or changed (admin API: SERVICE_UNAVAILABLE). */
  DATABASE_UNAVAILABLE: 'database_unavailable',
  /** A write named the version it was based on, and the upstream has changed since: nothing was written (admin API: CONFLICT). */
  VERSION_CONFLICT: 'version_conflict',
  /** An admin call named a node the fleet's node registry does not list (admin API: NOT_FOUND). */
  UNKNOWN_NODE: 'unknown_node',
} as const;

export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `targets.0.port`. */
  path: string;
  message: string;
}

export class HeadwaterError extends Error {
  override readonly name = 'HeadwaterError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** Turns zod issues into field issues and one readable message naming the field and rule. */
export function invalidConfig(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix: ReadonlyArray<PropertyKey> = [],
): HeadwaterError {
  const fieldIssues = issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.'),
    message: issue.message,
  }));
  const message = fieldIssues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  return new HeadwaterError(errorCodes.INVALID_CONFIG, message || 'invalid configuration', fieldIssues);
}
