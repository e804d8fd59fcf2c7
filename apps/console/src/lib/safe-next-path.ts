// Where to go after logging in (`/login?next=...`): only ever a path of the console itself.
// `next` arrives from a link anyone can craft, and browsers are lenient in ways that turn
// paths into other sites: tabs and newlines inside a URL are dropped (`/\t/evil.com` becomes
// `//evil.com`), a backslash counts as a slash (`/\evil.com`), and dot segments collapse
// (`/a/..//evil.com`). So the value is checked as text, then resolved the way a browser
// would and checked again: what comes out is the canonical path the browser will use.

/** Where the operator goes when `next` is missing or refused: the grid. */
export const DEFAULT_NEXT_PATH = '/';

/** Any resolvable origin that cannot collide with a real one (`.invalid` is reserved, RFC 2606). */
const PROBE_ORIGIN = 'http://next-path.invalid';

/** The console's own paths and queries reach here percent-encoded: visible ASCII only. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/u;
/** Decoded once more: no controls (C0, DEL, C1), whitespace, or invisible Unicode separators and marks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_SPACE_OR_INVISIBLE = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/u;

/** The path to go to after logging in: `value` if it is safely the console's own, else `/`. */
export function safeNextPath(value: string | readonly string[] | undefined): string {
  const candidate = typeof value === 'string' ? value : value?.[0];
  if (candidate === undefined || !VISIBLE_ASCII.test(candidate) || !looksLikeOwnPath(candidate)) return DEFAULT_NEXT_PATH;
  // Refused when it would turn hostile if anything downstream decoded it again.
  const decoded = decodeOnce(candidate);
  if (decoded === undefined || CONTROL_SPACE_OR_INVISIBLE.test(decoded) || !looksLikeOwnPath(decoded)) return DEFAULT_NEXT_PATH;
  const resolved = resolveOnProbeOrigin(candidate);
  // Resolving can itself produce `//host` (`/a/..//evil.com`): check the result as text too.
  if (resolved === undefined || !looksLikeOwnPath(resolved) || resolveOnProbeOrigin(resolved) !== resolved) return DEFAULT_NEXT_PATH;
  return isLoginPage(resolved) ? DEFAULT_NEXT_PATH : resolved;
}

/** Starts with exactly one slash (so no scheme and no `//host`), and has no backslash anywhere. */
function looksLikeOwnPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.includes('\\');
}

function decodeOnce(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined; // a malformed escape: a browser would keep it literally, but nothing legitimate sends one
  }
}

/** The path, query and fragment a browser would navigate to, or undefined when it leaves the origin. */
function resolveOnProbeOrigin(path: string): string | undefined {
  let url: URL;
  try {
    url = new URL(path, `${PROBE_ORIGIN}/`);
  } catch {
    return undefined;
  }
  if (url.origin !== PROBE_ORIGIN || url.username !== '' || url.password !== '') return undefined;
  return url.pathname + url.search + url.hash;
}

/** Coming back to /login after logging in would only show the form again. */
function isLoginPage(path: string): boolean {
  const pathname = path.replace(/[?#].*$/su, '');
  return pathname === '/login' || pathname.startsWith('/login/');
}
