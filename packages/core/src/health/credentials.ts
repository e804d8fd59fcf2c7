import type { Flip } from './flip.ts';

// The fifth fact: the target's own credentials (its injected headers) were refused. It is the
// target's configuration failing, not the caller's request, so it holds the target back until
// someone changes something: it has no timer, and traffic never clears it.

export type CredentialsStatus = 'accepted' | 'rejected';

export interface CredentialsFact {
  readonly status: CredentialsStatus;
  /** "credentials rejected (401)"; empty while accepted. */
  readonly reason: string;
  /** Epoch ms of the rejection; null while accepted. */
  readonly since: number | null;
}

export const CREDENTIALS_ACCEPTED: CredentialsFact = { status: 'accepted', reason: '', since: null };

/**
 * The headers that carry an AI service's key: OpenAI's `authorization: Bearer`, Anthropic's
 * `x-api-key`, Azure OpenAI's `api-key`, Google's `x-goog-api-key`. A target that injects one of
 * them is "keyed": a refusal is of its key. One that injects only others (an organisation, a
 * version) forwards the caller's own key, and a refusal is the caller's.
 */
export const credentialHeaderNames: readonly string[] = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key'];

/** Whether a target's injected headers carry its own key (names compared without case). */
export function injectsCredentials(headers: Readonly<Record<string, string>>): boolean {
  for (const name of Object.keys(headers)) if (credentialHeaderNames.includes(name.toLowerCase())) return true;
  return false;
}

/** 401 Unauthorized, 402 Payment Required (an account out of credit), 403 Forbidden. */
export const credentialsRejectionStatuses: readonly number[] = [401, 402, 403];

/** A change of this fact, as the event log and the grid receive it: a `Flip` of the fact 'credentials'. */
export type CredentialsFlip = Omit<Flip, 'fact'> & { readonly fact: 'credentials' };

export interface CredentialsObserved {
  readonly fact: CredentialsFact;
  /** One flip per change; empty when nothing changed. */
  readonly flipped: readonly CredentialsFlip[];
}

/** What ends a rejection. A probe counts only when it carried the same injected headers the refused request did. */
export type CredentialsClearing =
  | { readonly kind: 'config-change' }
  | { readonly kind: 'operator'; readonly by?: string | undefined }
  | { readonly kind: 'probe-passed'; readonly sameHeaders: boolean };

/**
 * Whether a response is the target refusing its configured credentials: a 401, 402 or 403 to a
 * request that carried the target's injected headers. Without injected headers the status is the
 * caller's own (their key, their request) and is relayed as is.
 */
export function isCredentialsRejection(status: number, carriedInjectedHeaders: boolean): boolean {
  return carriedInjectedHeaders && credentialsRejectionStatuses.includes(status);
}

/** "credentials rejected (401)", "credentials rejected (402 payment required)", "credentials rejected (403)". */
export function credentialsReason(status: number): string {
  return status === 402 ? 'credentials rejected (402 payment required)' : `credentials rejected (${status})`;
}

const unchanged = (fact: CredentialsFact): CredentialsObserved => ({ fact, flipped: [] });
const credentialsFlip = (from: CredentialsStatus, to: CredentialsStatus, reason: string, at: number): CredentialsFlip => ({
  fact: 'credentials',
  from,
  to,
  reason,
  at,
});

/**
 * One response from the target. A rejection sets the fact (one flip); a second one while
 * rejected changes nothing (the first reason stands, nothing floods the log); any other
 * response changes nothing either: only `clearCredentials` ends a rejection.
 */
export function observeCredentials(
  fact: CredentialsFact,
  status: number,
  carriedInjectedHeaders: boolean,
  now: number,
): CredentialsObserved {
  if (fact.status === 'rejected' || !isCredentialsRejection(status, carriedInjectedHeaders)) return unchanged(fact);
  const reason = credentialsReason(status);
  return { fact: { status: 'rejected', reason, since: now }, flipped: [credentialsFlip('accepted', 'rejected', reason, now)] };
}

function clearingReason(clearing: CredentialsClearing): string | null {
  switch (clearing.kind) {
    case 'config-change':
      return 'target config changed';
    case 'operator':
      return `cleared by ${clearing.by ?? 'operator'}`;
    case 'probe-passed':
      return clearing.sameHeaders ? 'active check passed with the same headers' : null;
  }
}

/**
 * Ends a rejection, by one of the spec's three ways only: a change of the target's config, an
 * operator's action, or an active check that passed carrying the same injected headers.
 */
export function clearCredentials(fact: CredentialsFact, clearing: CredentialsClearing, now: number): CredentialsObserved {
  const reason = fact.status === 'rejected' ? clearingReason(clearing) : null;
  if (reason === null) return unchanged(fact);
  return { fact: CREDENTIALS_ACCEPTED, flipped: [credentialsFlip('rejected', 'accepted', reason, now)] };
}
