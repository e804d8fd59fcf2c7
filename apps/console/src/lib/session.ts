// Shared by the proxy, route handlers and pages: where the admin token lives in the browser.

/** httpOnly, SameSite=Strict cookie holding the runtime's admin token. */
export const SESSION_COOKIE = 'headwater_admin_token';

/** Session length; the token itself does not expire, the cookie does. */
export const SESSION_MAX_AGE_S = 60 * 60 * 12;

/**
 * What an admin token can look like (it travels as `Authorization: Bearer <token>`): a
 * cookie holding anything else is no session, and is refused before it costs anything.
 */
export const ADMIN_TOKEN_SHAPE = /^[\x20-\x7e]{1,4096}$/u;
