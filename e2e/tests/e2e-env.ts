// Where the Playwright run's runtime and console listen (see playwright.config.ts).
export const e2e = {
  token: 'e2e-admin-token-0123456789abcdef',
  dataPort: 18_080,
  adminPort: 18_081,
  consolePort: 13_000,
} as const;
