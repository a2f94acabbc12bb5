import { describe, expect, it } from 'vitest';
import { formatAddress, interfaceHosts, isOwnAddress, sameAddress } from './transport-address.js';

describe('transport addresses', () => {
  it('compares IPv4-mapped IPv6 with IPv4 and formats IPv6 with brackets', () => {
    expect(sameAddress({ address: '::ffff:127.0.0.1', port: 5 }, { address: '127.0.0.1', port: 5 })).toBe(
      true,
    );
    expect(sameAddress({ address: '127.0.0.1', port: 5 }, { address: '127.0.0.1', port: 6 })).toBe(false);
    expect(formatAddress({ address: '::1', port: 5004 })).toBe('[::1]:5004');
  });

  it('recognises our own packets on a wildcard bind by port and interface address', () => {
    const hosts = interfaceHosts();
    expect(hosts.has('127.0.0.1')).toBe(true);
    const local = { address: '0.0.0.0', port: 4000 };
    expect(isOwnAddress({ address: '127.0.0.1', port: 4000 }, local, hosts)).toBe(true);
    expect(isOwnAddress({ address: '127.0.0.1', port: 4002 }, local, hosts)).toBe(false);
    expect(isOwnAddress({ address: '192.0.2.99', port: 4000 }, local, hosts)).toBe(false);
    expect(
      isOwnAddress({ address: '127.0.0.1', port: 4000 }, { address: '127.0.0.2', port: 4000 }, hosts),
    ).toBe(false);
  });
});
