// @headwater/prisma: the database of the runtime. Config, the event log and the node registry; never live target state.
export { type Provider, defaultDatabaseUrl, providerOf } from './database-url.ts';
export { migrateDatabase } from './migrate-database.ts';
export { type Database, openDatabase, POSTGRES_POOL_TIMEOUTS } from './open-database.ts';
export {
  CONFIG_CHANNEL,
  type ConfigChangeHandlers,
  type ConfigChangeListener,
  listenForConfigChanges,
  notifyConfigChange,
} from './config-notifications.ts';
