import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shortest admin token accepted, from the environment or from the file alike. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

export interface AdminToken {
  token: string;
  /** Where it came from, for the start-up message (never the token itself, unless just generated). */
  source: 'environment' | 'file' | 'generated';
  file?: string;
}

/**
 * HEADWATER_ADMIN_TOKEN when set; otherwise the token saved in the data folder, generated
 * once (256 random bits) and written with mode 0600 so restarts keep it. A file that exists
 * must hold a token of 16+ characters, as the variable must: an empty or short one stops the
 * start (it is not replaced, since a console or a scraper may already be using what it was meant to hold).
 */
export function resolveAdminToken(fromEnv: string | undefined, dataDir: string): AdminToken {
  if (fromEnv) return { token: fromEnv, source: 'environment' };
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length < MIN_ADMIN_TOKEN_LENGTH) {
      throw new Error(
        `${file} holds ${token.length === 0 ? 'no admin token' : `an admin token shorter than ${MIN_ADMIN_TOKEN_LENGTH} characters`}: put one of at least ${MIN_ADMIN_TOKEN_LENGTH} characters there, delete the file to have one generated, or set HEADWATER_ADMIN_TOKEN`,
      );
    }
    return { token, source: 'file', file };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, source: 'generated', file };
}
