import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stack } from './tests/stack.ts';
import { stackLogs } from './tests/stack-logs.ts';

// The real runtime (compiled, fresh SQLite file) and the real console (`next start`; both built by the test
// command) in Debian's Chromium: Playwright's own browser download is unreachable here. Both
// write their stdout and stderr to files (tests/stack-logs.ts) that specs can read: a secret
// typed in the browser must not show up in either (the access log is on for that reason).
// When a server does not start, its log file says why.
const root = resolve(import.meta.dirname, '..');
const dataDir = join(tmpdir(), `headwater-e2e-${process.pid}`);
/** Runs `command` with its output going to `log`, emptied first. */
const logged = (command: string, log: string) => `mkdir -p ${stackLogs.dir} && exec ${command} > ${log} 2>&1`;

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/test-output',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  use: {
    baseURL: `http://127.0.0.1:${stack.consolePort}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `rm -rf ${dataDir} && ${logged(`node --enable-source-maps ${root}/apps/runtime/dist/main.js`, stackLogs.runtime)}`,
      url: `http://127.0.0.1:${stack.adminPort}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        DATABASE_URL: `file:${join(dataDir, 'e2e.db')}`,
        HEADWATER_DATA_DIR: dataDir,
        HEADWATER_DATA_PORT: String(stack.dataPort),
        HEADWATER_ADMIN_PORT: String(stack.adminPort),
        HEADWATER_BIND: '127.0.0.1',
        HEADWATER_ADMIN_TOKEN: stack.token,
        HEADWATER_SHUTDOWN_DELAY_MS: '0',
        HEADWATER_ACCESS_LOG: 'on',
      },
    },
    {
      command: logged(`${root}/apps/console/node_modules/.bin/next start -p ${stack.consolePort}`, stackLogs.console),
      cwd: `${root}/apps/console`,
      url: `http://127.0.0.1:${stack.consolePort}/login`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { HEADWATER_ADMIN_URL: `http://127.0.0.1:${stack.adminPort}`, NEXT_TELEMETRY_DISABLED: '1' },
    },
  ],
});
