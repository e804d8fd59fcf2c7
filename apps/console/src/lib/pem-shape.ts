// The shape of a pasted CA certificate, checked before the round trip: one or more PEM
// certificate blocks and nothing else. Whether it is a certificate the runtime can use is the
// runtime's to decide.

const BLOCK = /-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export const PEM_RULE = 'must be PEM certificates: "-----BEGIN CERTIFICATE-----", base64 lines, "-----END CERTIFICATE-----"';

/** The rule a pasted CA certificate breaks, or undefined when it has the shape of PEM certificates. */
export function pemShapeIssue(text: string): string | undefined {
  const bodies = [...text.matchAll(BLOCK)].map((match) => (match[1] ?? '').replace(/\s+/g, ''));
  const outside = text.replace(BLOCK, '').trim();
  if (bodies.length === 0 || outside !== '') return PEM_RULE;
  if (bodies.some((body) => !BASE64.test(body) || body.length % 4 !== 0)) return 'has a certificate whose body is not base64';
  return undefined;
}
