import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { makeCertificates, type TestCertificates } from './support/certificates.ts';
import { call, startTestRuntime, type TestRuntime } from './harness.ts';

let hw: TestRuntime;
let secure: FakeBackend;
let certs: TestCertificates;
beforeAll(async () => {
  certs = makeCertificates();
  [hw, secure] = await Promise.all([startTestRuntime(), startFakeBackend({ name: 'secure', tls: { key: certs.key, cert: certs.cert } })]);
});
afterAll(async () => {
  await Promise.all([hw.stop(), secure.close()]);
});

const target = (extra: Record<string, unknown>) => [{ host: '127.0.0.1', port: secure.port, protocol: 'https' as const, ...extra }];

describe('https targets', () => {
  it('verifies the certificate against a custom CA', async () => {
    await hw.client.upstreams.create.mutate({ name: 'tls-ca', targets: target({ caCert: certs.ca }) });
    const response = await call(hw.dataUrl, 'tls-ca');
    expect(response.status).toBe(200);
    expect(response.headers['x-backend']).toBe('secure');
  });

  it('refuses a certificate it cannot verify: a connect error (502), the request never sent', async () => {
    await hw.client.upstreams.create.mutate({ name: 'tls-strict', retries: 0, targets: target({}) });
    const before = secure.served;
    const response = await call(hw.dataUrl, 'tls-strict');
    expect(response.status).toBe(502);
    expect(JSON.parse(response.text)).toMatchObject({
      error: { type: 'upstream_transport', message: expect.stringMatching(/^connect-error/) },
    });
    expect(secure.served).toBe(before);
  });

  it('skips verification only when tlsVerify is false', async () => {
    await hw.client.upstreams.create.mutate({ name: 'tls-off', targets: target({ tlsVerify: false }) });
    expect((await call(hw.dataUrl, 'tls-off')).status).toBe(200);
  });
});
