import type { NextConfig } from 'next';

/**
 * On every answer, pages and API alike. The console must never be framed (clickjacking its
 * drain and delete buttons), and needs nothing from other origins for forms, plugins or
 * `<base>`. A full script policy would need per-request nonces for Next's inline scripts.
 */
const securityHeaders = [
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

const nextConfig: NextConfig = {
  // Workspace packages export TypeScript source (relative imports with `.ts` extensions).
  transpilePackages: ['@headwater/core', '@headwater/runtime'],
  poweredByHeader: false,
  // `next dev` only serves its dev assets to localhost unless told; the start script and
  // tests use 127.0.0.1.
  allowedDevOrigins: ['127.0.0.1'],
  reactStrictMode: true,
  headers: async () => [{ source: '/:path*', headers: securityHeaders }],
};

export default nextConfig;
