import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { TargetRecord } from '../config/records.ts';
import { forwardRequestHeaders, relayResponseHeaders } from './headers.ts';

const target = (change: Partial<TargetRecord> = {}) =>
  ({ id: 't1', protocol: 'http', host: 'backend', port: 8000, headers: {}, ...change }) as TargetRecord;
const request = (headers: Record<string, string | string[]>, remoteAddress = '10.0.0.9') =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('forwardRequestHeaders', () => {
  it('drops hop-by-hop and Connection-listed headers, replaces X-Forwarded-*, rewrites Host, injects last', () => {
    const headers = forwardRequestHeaders(
      request({
        host: 'gw.example',
        connection: 'keep-alive, X-Secret-Hop',
        'x-secret-hop': '1',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        expect: '100-continue',
        forwarded: 'for=1.2.3.4',
        'x-forwarded-for': '1.2.3.4',
        'x-forwarded-proto': 'https',
        authorization: 'Bearer caller',
        'content-type': 'application/json',
        cookie: ['a=1', 'b=2'],
      }),
      target({ headers: { authorization: 'Bearer injected' } }),
    );
    expect(headers).toEqual({
      authorization: 'Bearer injected',
      'content-type': 'application/json',
      cookie: ['a=1', 'b=2'],
      'x-forwarded-for': '10.0.0.9',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'gw.example',
      host: 'backend:8000',
    });
  });

  it('leaves the default port out of Host, and keeps every header when no Connection header lists any', () => {
    const headers = forwardRequestHeaders(request({ 'x-custom': 'v' }), target({ protocol: 'https', port: 443 }));
    expect(headers).toEqual({
      'x-custom': 'v',
      'x-forwarded-for': '10.0.0.9',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': '',
      host: 'backend',
    });
  });

  it('reads each Connection header anew', () => {
    expect(forwardRequestHeaders(request({ connection: 'a', a: '1', b: '2' }), target())).toMatchObject({ b: '2' });
    expect(forwardRequestHeaders(request({ connection: 'b', a: '1', b: '2' }), target())).toMatchObject({ a: '1' });
    expect(forwardRequestHeaders(request({ connection: 'b', a: '1', b: '2' }), target())).not.toHaveProperty('b');
  });
});

describe('relayResponseHeaders', () => {
  it('drops hop-by-hop and Connection-listed headers and sets the marks over the rest', () => {
    const relayed = relayResponseHeaders(
      {
        connection: 'close, x-hop',
        'x-hop': '1',
        'transfer-encoding': 'chunked',
        'content-type': 'text/event-stream',
        'x-headwater-target': 'forged',
        'retry-after': '5',
      },
      { 'x-headwater-target': 't1', 'x-headwater-attempts': '2' },
    );
    expect(relayed).toEqual({
      'content-type': 'text/event-stream',
      'x-headwater-target': 't1',
      'retry-after': '5',
      'x-headwater-attempts': '2',
    });
  });
});
