import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/lib/safe-next-path';

// Each case is the `next` parameter exactly as it would stand in a crafted link
// (`/login?next=<case>`), read the way the login page reads it: decoded once.
const fromLink = (encoded: string) => new URLSearchParams(`next=${encoded}`).get('next') ?? undefined;

/** Where a browser would really go if handed `path` on the console's page. */
const landsOn = (path: string) => new URL(path, 'http://console.example/login').origin;

describe('safeNextPath refuses every known open-redirect payload', () => {
  it.each([
    // Tab, newline and carriage return are dropped by browsers inside URLs: `/\t/x` is `//x`.
    '/%09/evil.com',
    '/%0a/evil.com',
    '/%0d/evil.com',
    '/%0d%0a/evil.com',
    '%09//evil.com',
    '/%09%09/evil.com',
    // Protocol-relative and its backslash spellings (browsers read `\` as `/`).
    '//evil.com',
    '///evil.com',
    '////evil.com',
    '/\\evil.com',
    '/%5Cevil.com',
    '\\/evil.com',
    '%5C%5Cevil.com',
    '/%5C/evil.com',
    // Encoded slashes: decoded once by the query, or twice by something downstream.
    '/%2F/evil.com',
    '%2F%2Fevil.com',
    '/%252F/evil.com',
    '/%2509/evil.com',
    '/%250a/evil.com',
    // Schemes.
    'https://evil.com',
    'https:evil.com',
    'https:%2F%2Fevil.com',
    'http:/evil.com',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '%0ajavascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    // Whitespace in front or inside, and leading C0 controls that URL parsers strip.
    '%20//evil.com',
    '+//evil.com',
    '%00//evil.com',
    '%01/%2Fevil.com',
    '/%20/evil.com',
    // Unicode tricks: look-alike slashes, full-width forms, invisible characters.
    '/%E2%88%95evil.com',
    '%EF%BC%8F%EF%BC%8Fevil.com',
    '/%EF%BC%8Fevil.com',
    '/%E2%80%8B/evil.com',
    '/%E2%80%AE/moc.live',
    '/%EF%BB%BF/evil.com',
    '/%C2%A0/evil.com',
    '/%E3%80%80/evil.com',
    // Dot segments that collapse into `//host`, and broken escapes.
    '/a/..//evil.com',
    '/./%2E%2E//evil.com',
    '/.//evil.com',
    '/%E0%A4%A',
    // Not a path at all, or going back to the login form.
    'evil.com',
    '',
    '/login',
    '/login?next=/',
    '/login/',
  ])('next=%s -> /', (encoded) => {
    expect(safeNextPath(fromLink(encoded))).toBe('/');
  });
});

describe('safeNextPath keeps the console own paths', () => {
  it.each([
    ['/', '/'],
    ['/events', '/events'],
    ['%2Fevents', '/events'],
    ['/upstreams/chat-pool', '/upstreams/chat-pool'],
    ['/upstreams/new', '/upstreams/new'],
    ['/upstreams/a.b-c?tab=targets', '/upstreams/a.b-c?tab=targets'],
    // A path segment, not userinfo: the console answers it with its own 404.
    ['/@evil.com', '/@evil.com'],
    ['/upstreams/%25E2%2582%25AC', '/upstreams/%E2%82%AC'],
    ['/loginx', '/loginx'],
    ['/events/../upstreams/new', '/upstreams/new'],
  ])('next=%s -> %s', (encoded, expected) => {
    expect(safeNextPath(fromLink(encoded))).toBe(expected);
  });
});

describe('safeNextPath, whatever the shape of the query', () => {
  it('takes the first of repeated parameters, and the grid when there is none', () => {
    expect(safeNextPath(['/events', '//evil.com'])).toBe('/events');
    expect(safeNextPath(['//evil.com', '/events'])).toBe('/');
    expect(safeNextPath([])).toBe('/');
    expect(safeNextPath(undefined)).toBe('/');
  });

  it('yields only paths that a browser resolves to the console own origin', () => {
    const hostile = ['/%09/evil.com', '//evil.com', '/\\evil.com', 'javascript:alert(1)', '/a/..//evil.com', '/%2F/evil.com'];
    for (const encoded of hostile) expect(landsOn(safeNextPath(fromLink(encoded)))).toBe('http://console.example');
  });
});
