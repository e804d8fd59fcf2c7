import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Workspace packages export TypeScript source (relative imports with `.ts` extensions).
  transpilePackages: ['@headwater/core', '@headwater/runtime'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
