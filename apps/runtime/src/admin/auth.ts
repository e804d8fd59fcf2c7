import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MIN_ADMIN_TOKEN_LENGTH } from './admin-token.ts';

// `Bearer`, then the token; only spaces and tabs around it (RFC 9110's whitespace), so no
// other character (a no-break space, say) is ever taken away from what the caller sent.
const bearer = /^Bearer[ \t]+(.*?)[ \t]*$/i;

/**
 * Checks `Authorization: Bearer <token>` in constant time (hashing first equalises lengths).
 * Refuses to be built for a short token: an empty one would let an empty credential through.
 */
export function bearerChecker(token: string): (req: IncomingMessage) => boolean {
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) throw new Error(`the admin token must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`);
  const expected = createHash('sha256').update(token).digest();
  return (req) => {
    const presented = bearer.exec(req.headers.authorization ?? '')?.[1];
    if (!presented) return false;
    return timingSafeEqual(createHash('sha256').update(presented).digest(), expected);
  };
}
