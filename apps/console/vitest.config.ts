import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The console's pure code (src/lib): conversions, error routing, grid merging, formatting.
// Components are covered by the browser tests in e2e/.
export default defineConfig({
  resolve: {
    // The `@/` alias of tsconfig.json (Next resolves it itself).
    alias: [{ find: /^@\//, replacement: fileURLToPath(new URL('./src/', import.meta.url)) }],
  },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
