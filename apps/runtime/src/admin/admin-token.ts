import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AdminToken {
  token: string;
  /** Where it came from, for the start-up message (never the token itself, unless just generated). */
  source: 'environment' | 'file' | 'generated';
  file?: string;
}

/**
 * HEADWATER_ADMIN_TOKEN when set; otherwise the token saved in the data folder, generated
 * once (256 random bits) and written with mode 0600 so restarts keep it.
 */
export function resolveAdminToken(fromEnv: string | undefined, dataDir: string): AdminToken {
  if (fromEnv) return { token: fromEnv, source: 'environment' };
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), source: 'file', file };
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, source: 'generated', file };
}
