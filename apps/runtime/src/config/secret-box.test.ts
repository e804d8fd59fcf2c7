import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveSecretKey, SecretBox } from './secret-box.ts';

const KEY = 'a-secret-key-of-at-least-32-characters';
const HERE = 'target:t-1:headers';

/** A value as the first sealed format wrote it: no binding, the tag at whatever length it was given. */
function sealedUnbound(plaintext: string, tagBytes = 16): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(KEY).digest(), iv, { authTagLength: tagBytes });
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `enc:v1:${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${sealed.toString('base64url')}`;
}

describe('secret box', () => {
  const box = new SecretBox(KEY);

  it('seals to text that does not contain the secret, and opens it again where it was sealed', () => {
    const sealed = box.seal('Bearer sk-live-1234567890', HERE);
    expect(sealed).toMatch(/^enc:v2:/);
    expect(sealed).not.toContain('sk-live');
    expect(box.open(sealed, HERE)).toBe('Bearer sk-live-1234567890');
    expect(box.seal('same', HERE)).not.toBe(box.seal('same', HERE)); // a fresh IV every time
  });

  it('refuses another key, tampered text, and a value moved to another row or field', () => {
    const sealed = box.seal('secret', HERE);
    expect(() => new SecretBox('another-key-of-at-least-32-characters!').open(sealed, HERE)).toThrow(/HEADWATER_SECRET_KEY/);
    expect(() => box.open(`${sealed.slice(0, -2)}AA`, HERE)).toThrow(/cannot decrypt/);
    expect(() => box.open(sealed, 'target:t-2:headers')).toThrow('cannot decrypt a stored secret (target:t-2:headers)');
    expect(() => box.open(sealed, 'upstream:t-1:proxyPassword')).toThrow(/copied there from another row/);
  });

  it('refuses a shortened authentication tag', () => {
    const [iv, tag, data] = box.seal('secret', HERE).slice('enc:v2:'.length).split('.') as [string, string, string];
    const short = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => box.open(`enc:v2:${iv}.${short}.${data}`, HERE)).toThrow(/cannot decrypt/);
    expect(() => box.open(sealedUnbound('secret', 4), HERE)).toThrow(/cannot decrypt/);
  });

  it('still opens values sealed before they were bound to a row, and values stored before encryption', () => {
    expect(box.open(sealedUnbound('legacy-secret'), HERE)).toBe('legacy-secret');
    expect(box.open('plain', HERE)).toBe('plain');
  });
});

describe('the secret-key file', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once when it does not exist, and read back on the next start', () => {
    dir = mkdtempSync(join(tmpdir(), 'headwater-key-'));
    const key = resolveSecretKey(undefined, dir);
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'secret-key'), 'utf8').trim()).toBe(key);
    expect(resolveSecretKey(undefined, dir)).toBe(key);
  });

  it.each([
    ['empty', '', 'holds no key'],
    ['a newline', '\n', 'holds no key'],
    ['short', 'short-key\n', 'holds a key shorter than 32 characters'],
  ])('stops the start when the file is %s, naming the file and the variable, and leaves it as it was', (_, content, why) => {
    dir = mkdtempSync(join(tmpdir(), 'headwater-key-'));
    const file = join(dir, 'secret-key');
    writeFileSync(file, content);
    expect(() => resolveSecretKey(undefined, dir)).toThrow(`${file} ${why}`);
    expect(() => resolveSecretKey(undefined, dir)).toThrow(/HEADWATER_SECRET_KEY/);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(resolveSecretKey('a-key-from-the-environment-0123456789', dir)).toBe('a-key-from-the-environment-0123456789');
  });
});
