export { startRuntime, type Runtime, type RuntimeHost } from './app.ts';
export { readEnv, type Env } from './env.ts';
export type { AppRouter } from './admin/router.ts';
