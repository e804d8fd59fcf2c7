import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';

describe('secret box', () => {
  const box = new SecretBox('a-secret-key-of-at-least-32-characters');

  it('seals to text that does not contain the secret, and opens it again', () => {
    const sealed = box.seal('Bearer sk-live-1234567890');
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain('sk-live');
    expect(box.open(sealed)).toBe('Bearer sk-live-1234567890');
    expect(box.seal('same')).not.toBe(box.seal('same')); // a fresh IV every time
  });

  it('refuses another key and tampered text, and reads values stored before encryption as they are', () => {
    const sealed = box.seal('secret');
    expect(() => new SecretBox('another-key-of-at-least-32-characters!').open(sealed)).toThrow(/HEADWATER_SECRET_KEY/);
    expect(() => box.open(`${sealed.slice(0, -2)}AA`)).toThrow(/cannot decrypt/);
    expect(box.open('plain')).toBe('plain');
  });
});
