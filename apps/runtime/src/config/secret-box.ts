import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Sealed with the row and field it belongs to as additional data: it opens only there. */
const BOUND = 'enc:v2:';
/** Sealed before values were bound to their row: opens anywhere, re-sealed bound when next written. */
const UNBOUND = 'enc:v1:';
const IV_BYTES = 12;
// GCM accepts tags as short as 4 bytes unless told otherwise: a shortened tag would be far
// easier to forge, so every tag is exactly 16 bytes.
const AUTH_TAG_BYTES = 16;
const MIN_KEY_LENGTH = 32;

/**
 * Encrypts secrets at rest (proxy passwords, injected header values) with AES-256-GCM, so a
 * copy of the database or of a backup does not hand out API keys. The key comes from
 * HEADWATER_SECRET_KEY (any string of 32+ characters, hashed to 256 bits) or, when unset,
 * from a random key generated once into the data folder. Every node sharing a database must
 * share the key.
 *
 * Each value is bound to where it is stored (`binding`, e.g. `target:<id>:headers`): whoever
 * can write the database cannot move a sealed API key into a row whose target they chose.
 * Values written before encryption (no prefix) are read as they are.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(secret).digest();
  }

  seal(plaintext: string, binding: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: AUTH_TAG_BYTES });
    cipher.setAAD(Buffer.from(binding, 'utf8'));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${BOUND}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${sealed.toString('base64url')}`;
  }

  open(stored: string, binding: string): string {
    const bound = stored.startsWith(BOUND);
    if (!bound && !stored.startsWith(UNBOUND)) return stored;
    const [iv, tag, sealed] = stored.slice(BOUND.length).split('.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv ?? '', 'base64url'), { authTagLength: AUTH_TAG_BYTES });
      decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
      if (bound) decipher.setAAD(Buffer.from(binding, 'utf8'));
      return Buffer.concat([decipher.update(Buffer.from(sealed ?? '', 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(
        `cannot decrypt a stored secret (${binding}): HEADWATER_SECRET_KEY is not the key that wrote it (every node sharing a database needs the same key), or the value was copied there from another row`,
      );
    }
  }
}

/**
 * HEADWATER_SECRET_KEY when set; otherwise the key kept in the data folder, generated once
 * (mode 0600) when the file does not exist. A file that exists but holds no usable key stops
 * the start: generating a new key there would leave every stored secret unreadable, and an
 * empty key would be one anybody knows.
 */
export function resolveSecretKey(fromEnv: string | undefined, dataDir: string): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'secret-key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length < MIN_KEY_LENGTH) {
      throw new Error(
        `${file} holds ${key.length === 0 ? 'no key' : 'a key shorter than 32 characters'}: put the key that wrote the stored secrets there (at least 32 characters), or set HEADWATER_SECRET_KEY`,
      );
    }
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
