import { describe, expect, it } from 'vitest';
import { readEnv } from '../env.ts';
import { defaultAdvertisedAdminUrl } from './advertised-admin-url.ts';

describe('the admin URL a node advertises to its peers', () => {
  it('is the bind address when it is one address, else the host name, with the admin port', () => {
    expect(defaultAdvertisedAdminUrl('10.0.0.7', 8081, 'gw-1')).toBe('http://10.0.0.7:8081');
    expect(defaultAdvertisedAdminUrl('0.0.0.0', 8081, 'gw-1')).toBe('http://gw-1:8081');
    expect(defaultAdvertisedAdminUrl('::', 9000, 'gw-1')).toBe('http://gw-1:9000');
    expect(defaultAdvertisedAdminUrl('::1', 8081, 'gw-1')).toBe('http://[::1]:8081');
  });

  it('HEADWATER_ADVERTISED_ADMIN_URL: an http(s) URL, kept without a trailing slash', () => {
    expect(readEnv({ HEADWATER_ADVERTISED_ADMIN_URL: 'https://gw-1.internal:9443/' }).HEADWATER_ADVERTISED_ADMIN_URL).toBe(
      'https://gw-1.internal:9443',
    );
    expect(readEnv({}).HEADWATER_ADVERTISED_ADMIN_URL).toBeUndefined();
    for (const bad of ['gw-1:8081', 'ftp://gw-1/', '']) {
      expect(() => readEnv({ HEADWATER_ADVERTISED_ADMIN_URL: bad })).toThrow(
        /HEADWATER_ADVERTISED_ADMIN_URL: must be an http:\/\/ or https:\/\/ URL/,
      );
    }
  });
});
