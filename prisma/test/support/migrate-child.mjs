// A separate process calling migrateDatabase, to test concurrent starts.
import { register } from 'tsx/esm/api';

register();
const { migrateDatabase } = await import('../../src/index.ts');
await migrateDatabase(process.argv[2]);
