import { describe, expect, it } from 'vitest';
import { PEM_RULE, pemShapeIssue } from '@/lib/pem-shape';

const block = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;

describe('pemShapeIssue', () => {
  it.each([
    ['one certificate', block('MIIBszCCAVmgAwIBAgIU\nAAAA')],
    ['a chain, with blank lines and CRLF', `${block('QUJD')}\r\n\r\n${block('REVGRw==')}\n`],
  ])('accepts %s', (_, text) => {
    expect(pemShapeIssue(text)).toBeUndefined();
  });

  it.each([
    ['plain text', 'not a certificate', PEM_RULE],
    ['a private key', '-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----', PEM_RULE],
    ['text around a block', `hello\n${block('QUJD')}`, PEM_RULE],
    ['a block without its end', '-----BEGIN CERTIFICATE-----\nQUJD', PEM_RULE],
    ['a body that is not base64', block('not base64!'), 'has a certificate whose body is not base64'],
    ['a body cut short', block('QUJ'), 'has a certificate whose body is not base64'],
  ])('refuses %s', (_, text, issue) => {
    expect(pemShapeIssue(text)).toBe(issue);
  });
});
