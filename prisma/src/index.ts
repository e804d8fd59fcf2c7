// @headwater/prisma: the database of the runtime. Config and event log only, never live state.
export { type Provider, defaultDatabaseUrl, providerOf } from './database-url.ts';
export { migrateDatabase } from './migrate-database.ts';
export { type Database, openDatabase } from './open-database.ts';
