#!/usr/bin/env node
// The Prisma CLI's schema engine, as an executable file: prisma.config.ts points
// PRISMA_SCHEMA_ENGINE_BINARY here. The CLI spawns it directly (no shell), so this file must
// be executable itself; it registers tsx and runs the TypeScript bridge, so a fresh clone
// needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
