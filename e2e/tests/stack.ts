// The runtime and console this Playwright run starts (see playwright.config.ts): where they
// listen and the admin token they share. Fixed values, not environment: the run owns them.
export const stack = {
  token: 'e2e-admin-token-0123456789abcdef',
  dataPort: 18_080,
  adminPort: 18_081,
  consolePort: 13_000,
} as const;
