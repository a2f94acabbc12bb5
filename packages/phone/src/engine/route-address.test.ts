import { createDefaultRegistry } from '@twinkle/codecs';
import { describe, expect, it } from 'vitest';
import { testProfile } from './phone.test.util.js';
import type { PhoneProfile } from './phone-options.js';
import { ProfileState } from './profile-state.js';
import { advertisedAddress, DEFAULT_ROUTE_PROBE, localAddressToward, serverHosts } from './route-address.js';

const registry = createDefaultRegistry();
const state = (changes: Partial<PhoneProfile>) => new ProfileState(testProfile('alice', changes), registry);

describe('the address a phone on every interface advertises', () => {
  it('is the local address of the route toward the host (the UDP connect lookup: nothing is sent)', async () => {
    expect(await localAddressToward('127.0.0.1')).toBe('127.0.0.1');
    expect(await localAddressToward('127.0.0.2', 5070)).toBe('127.0.0.1');
    expect(await localAddressToward('no-such-host.invalid', 5060, 1000)).toBeUndefined();
  });

  it('looks toward the outbound proxy, then the registrar, then the domain, of each profile in order', () => {
    expect(
      serverHosts([
        state({
          outboundProxy: 'sip:10.1.1.1:5070',
          registrar: 'sip:reg.example.com',
          userDomain: 'example.com',
        }),
        state({ userDomain: '10.2.2.2' }),
      ]),
    ).toEqual([
      { host: '10.1.1.1', port: 5070, loopbackOk: true },
      { host: 'reg.example.com', port: 5060, loopbackOk: true },
      { host: 'example.com', port: 5060, loopbackOk: false },
      { host: '10.2.2.2', port: 5060, loopbackOk: false },
    ]);
  });

  it('takes the first server with a route; a domain that is this host (loopback) does not count', async () => {
    const asked: string[] = [];
    const routes: Record<string, string | undefined> = {
      'reg.example.com': undefined, // no route, or the name does not resolve
      'myhost.lan': '127.0.0.1', // the first-run profile's domain: this machine's own name
      [DEFAULT_ROUTE_PROBE]: '192.168.1.20',
    };
    const toward = async (host: string) => {
      asked.push(host);
      return routes[host];
    };
    expect(
      await advertisedAddress([state({ registrar: 'reg.example.com', userDomain: 'myhost.lan' })], toward),
    ).toBe('192.168.1.20');
    expect(asked).toEqual(['reg.example.com', 'myhost.lan', DEFAULT_ROUTE_PROBE]);
    // an IPv6 proxy is not reached from the IPv4 listener
    asked.length = 0;
    expect(
      await advertisedAddress(
        [state({ outboundProxy: '[2001:db8::1]:5060', userDomain: 'myhost.lan' })],
        toward,
      ),
    ).toBe('192.168.1.20');
    expect(asked).toEqual(['myhost.lan', DEFAULT_ROUTE_PROBE]);
    // a registrar on this host is meant: loopback it is
    expect(await advertisedAddress([state({ registrar: '127.0.0.1:5080' })], localAddressToward)).toBe(
      '127.0.0.1',
    );
  });
});
