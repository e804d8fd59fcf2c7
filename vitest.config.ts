import { defineConfig } from 'vitest/config';

// One run over every package's tests (the e2e folder is Playwright's).
export default defineConfig({
  test: {
    projects: ['packages/core', 'apps/runtime', 'apps/console', 'prisma'],
  },
});
