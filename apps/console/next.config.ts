import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Workspace packages export TypeScript source (relative imports with `.ts` extensions).
  transpilePackages: ['@headwater/core', '@headwater/runtime'],
  poweredByHeader: false,
  // `next dev` only serves its dev assets to localhost unless told; the start script and
  // tests use 127.0.0.1.
  allowedDevOrigins: ['127.0.0.1'],
  reactStrictMode: true,
};

export default nextConfig;
