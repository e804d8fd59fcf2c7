import { describe, expect, it } from 'vitest';
import { clientAddress, UNKNOWN_CLIENT } from '@/lib/client-address';

describe('clientAddress', () => {
  it.each([
    ['the peer, as next start fills it in', '127.0.0.1', '127.0.0.1'],
    ['the last hop: the one a reverse proxy appended', '203.0.113.9, 10.0.0.2', '10.0.0.2'],
    ['spaces around entries', ' 198.51.100.1 ,  192.0.2.7 ', '192.0.2.7'],
    ['IPv4 with a port', '192.0.2.7:51234', '192.0.2.7'],
    ['IPv4-mapped IPv6 counts as the IPv4 address', '::ffff:192.0.2.7', '192.0.2.7'],
    ['IPv6 counts per /64', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['another host of the same /64 is the same client', '2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['a different /64 is another client', '2001:db8:1:3::1', '2001:db8:1:3::/64'],
    ['spelling does not matter', '2001:0DB8:0001:0002:0:0:0:1', '2001:db8:1:2::/64'],
    ['bracketed with a port', '[2001:db8:1:2::1]:443', '2001:db8:1:2::/64'],
    ['zone-scoped link-local', 'fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['loopback', '::1', '0:0:0:0::/64'],
  ])('%s: %s -> %s', (_, forwardedFor, expected) => {
    expect(clientAddress(forwardedFor)).toBe(expected);
  });

  it.each([
    ['no header', null],
    ['an empty header', ''],
    ['a trailing comma', '192.0.2.7,'],
    ['a name, not an address', 'evil.example'],
    ['random text (each would otherwise be a new key)', 'x-1234'],
    ['an IPv4 that is not one', '999.1.1.1'],
  ])('%s -> one shared "unknown" bucket', (_, forwardedFor) => {
    expect(clientAddress(forwardedFor)).toBe(UNKNOWN_CLIENT);
  });
});
