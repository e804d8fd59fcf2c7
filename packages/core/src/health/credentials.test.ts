import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CredentialsClearing, CredentialsFact } from './credentials.ts';
import {
  CREDENTIALS_ACCEPTED,
  clearCredentials,
  credentialsReason,
  injectsCredentials,
  isCredentialsRejection,
  observeCredentials,
} from './credentials.ts';

const rejected = (status = 401, at = 1_000): CredentialsFact => observeCredentials(CREDENTIALS_ACCEPTED, status, true, at).fact;

describe('credentials fact', () => {
  it.each([
    [401, true, true],
    [402, true, true],
    [403, true, true],
    [401, false, false], // the caller's own 401: relayed, no fact
    [403, false, false],
    [400, true, false],
    [404, true, false],
    [407, true, false], // the forward proxy's, not the target's
    [429, true, false],
    [500, true, false],
    [200, true, false],
  ])('status %d with injected headers %s is a rejection: %s', (status, injected, rejection) => {
    expect(isCredentialsRejection(status, injected)).toBe(rejection);
  });

  it.each([
    [401, 'credentials rejected (401)'],
    [402, 'credentials rejected (402 payment required)'],
    [403, 'credentials rejected (403)'],
  ])('names the status: %d', (status, reason) => {
    expect(credentialsReason(status)).toBe(reason);
  });

  it('a rejection sets the fact once, with its reason and time', () => {
    const first = observeCredentials(CREDENTIALS_ACCEPTED, 401, true, 1_000);
    expect(first.fact).toEqual({ status: 'rejected', reason: 'credentials rejected (401)', since: 1_000 });
    expect(first.flipped).toEqual([
      { fact: 'credentials', from: 'accepted', to: 'rejected', reason: 'credentials rejected (401)', at: 1_000 },
    ]);
    const again = observeCredentials(first.fact, 403, true, 2_000);
    expect(again.fact).toBe(first.fact);
    expect(again.flipped).toEqual([]);
  });

  it("the caller's own 401 (no injected headers) changes nothing", () => {
    const observed = observeCredentials(CREDENTIALS_ACCEPTED, 401, false, 1_000);
    expect(observed.fact).toBe(CREDENTIALS_ACCEPTED);
    expect(observed.flipped).toEqual([]);
  });

  it.each<[CredentialsClearing, string]>([
    [{ kind: 'config-change' }, 'target config changed'],
    [{ kind: 'operator' }, 'cleared by operator'],
    [{ kind: 'operator', by: 'ops@example.com' }, 'cleared by ops@example.com'],
    [{ kind: 'probe-passed', sameHeaders: true }, 'active check passed with the same headers'],
  ])('%j clears it', (clearing, reason) => {
    const cleared = clearCredentials(rejected(), clearing, 5_000);
    expect(cleared.fact).toBe(CREDENTIALS_ACCEPTED);
    expect(cleared.flipped).toEqual([{ fact: 'credentials', from: 'rejected', to: 'accepted', reason, at: 5_000 }]);
  });

  it('a probe with other headers does not clear it', () => {
    const fact = rejected();
    expect(clearCredentials(fact, { kind: 'probe-passed', sameHeaders: false }, 5_000)).toEqual({ fact, flipped: [] });
  });

  it('clearing an accepted fact changes nothing', () => {
    expect(clearCredentials(CREDENTIALS_ACCEPTED, { kind: 'operator' }, 5_000)).toEqual({ fact: CREDENTIALS_ACCEPTED, flipped: [] });
  });

  it('property: traffic never clears a rejection, and only rejections set it', () => {
    const status = fc.integer({ min: 100, max: 599 });
    fc.assert(
      fc.property(fc.array(fc.tuple(status, fc.boolean()), { maxLength: 40 }), (responses) => {
        let fact = CREDENTIALS_ACCEPTED;
        let flips = 0;
        responses.forEach(([code, injected], at) => {
          const wasRejected = fact.status === 'rejected';
          const observed = observeCredentials(fact, code, injected, at);
          flips += observed.flipped.length;
          fact = observed.fact;
          if (wasRejected) expect(fact.status).toBe('rejected');
          else expect(fact.status === 'rejected').toBe(isCredentialsRejection(code, injected));
        });
        expect(flips).toBe(fact.status === 'rejected' ? 1 : 0);
      }),
    );
  });
});

describe('injectsCredentials', () => {
  it('knows the key headers of OpenAI, Anthropic, Azure and Google, whatever their case', () => {
    for (const name of ['authorization', 'Authorization', 'x-api-key', 'api-key', 'X-Goog-Api-Key']) {
      expect(injectsCredentials({ [name]: 'secret' })).toBe(true);
    }
  });

  it('does not count headers that carry no key: the caller brings its own', () => {
    expect(injectsCredentials({})).toBe(false);
    expect(injectsCredentials({ 'openai-organization': 'org-1', 'anthropic-version': '2023-06-01' })).toBe(false);
  });
});
