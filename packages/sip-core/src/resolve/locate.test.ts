import { describe, expect, it } from 'vitest';
import { fakeDns, seededRandom } from './fake-dns.test.util.js';
import { locateSipServers, ResolveError } from './locate.js';

const naptr = (order: number, pref: number, service: string, replacement: string) => ({
  order,
  preference: pref,
  flags: 's',
  service,
  regexp: '',
  replacement,
});

describe('locateSipServers (RFC 3263)', () => {
  it('takes a numeric host as is, without any query', async () => {
    const dns = fakeDns({});
    expect(await locateSipServers('sip:alice@192.0.2.4', { resolver: dns })).toEqual([
      { protocol: 'udp', address: '192.0.2.4', port: 5060 },
    ]);
    expect(await locateSipServers('sips:[2001:db8::1]:5071', { resolver: dns })).toEqual([
      { protocol: 'tls', address: '2001:db8::1', port: 5071, serverName: '2001:db8::1' },
    ]);
    expect(await locateSipServers('sip:192.0.2.4;transport=tcp', { resolver: dns })).toEqual([
      { protocol: 'tcp', address: '192.0.2.4', port: 5060 },
    ]);
    expect(dns.queries).toEqual([]);
  });

  it('skips NAPTR and SRV for an explicit port (section 4.2)', async () => {
    const dns = fakeDns({ a: { 'example.com': ['192.0.2.1'] }, aaaa: { 'example.com': ['2001:db8::5'] } });
    const out = await locateSipServers('sip:example.com:5080', { resolver: dns });
    expect(out).toEqual([
      { protocol: 'udp', address: '192.0.2.1', port: 5080 },
      { protocol: 'udp', address: '2001:db8::5', port: 5080 },
    ]);
    expect(dns.queries.some((q) => q.startsWith('SRV') || q.startsWith('NAPTR'))).toBe(false);
  });

  it('follows NAPTR order and preference to SRV and A/AAAA', async () => {
    const dns = fakeDns({
      naptr: {
        'example.com': [
          naptr(50, 50, 'SIP+D2U', '_sip._udp.example.com'),
          naptr(10, 20, 'SIP+D2T', '_sip._tcp.example.com'),
          naptr(10, 10, 'SIPS+D2T', '_sips._tcp.example.com'),
          naptr(5, 5, 'SIP+D2X', '_sip._sctp.example.com'),
        ],
      },
      srv: {
        '_sips._tcp.example.com': [{ priority: 0, weight: 0, port: 5061, name: 'tls.example.com' }],
        '_sip._tcp.example.com': [{ priority: 0, weight: 0, port: 5060, name: 'tcp.example.com' }],
        '_sip._udp.example.com': [{ priority: 0, weight: 0, port: 5062, name: 'udp.example.com' }],
      },
      a: {
        'tls.example.com': ['192.0.2.10'],
        'tcp.example.com': ['192.0.2.11'],
        'udp.example.com': ['192.0.2.12'],
      },
      aaaa: { 'tcp.example.com': ['2001:db8::11'] },
    });
    const out = await locateSipServers('sip:bob@example.com', { resolver: dns });
    expect(out).toEqual([
      { protocol: 'tls', address: '192.0.2.10', port: 5061, serverName: 'example.com' },
      { protocol: 'tcp', address: '192.0.2.11', port: 5060 },
      { protocol: 'tcp', address: '2001:db8::11', port: 5060 },
      { protocol: 'udp', address: '192.0.2.12', port: 5062 },
    ]);
  });

  it('keeps only SIPS services for a sips: URI and only supported transports', async () => {
    const dns = fakeDns({
      naptr: {
        'example.com': [
          naptr(10, 10, 'SIP+D2U', '_sip._udp.example.com'),
          naptr(20, 10, 'SIPS+D2T', '_s.example.com'),
        ],
      },
      srv: {
        '_s.example.com': [{ priority: 1, weight: 0, port: 5061, name: 'edge.example.com' }],
        '_sip._udp.example.com': [{ priority: 1, weight: 0, port: 5060, name: 'edge.example.com' }],
      },
      a: { 'edge.example.com': ['192.0.2.20'] },
    });
    expect(await locateSipServers('sips:example.com', { resolver: dns })).toEqual([
      { protocol: 'tls', address: '192.0.2.20', port: 5061, serverName: 'example.com' },
    ]);
    expect(await locateSipServers('sip:example.com', { resolver: dns, transports: ['tcp', 'tls'] })).toEqual([
      { protocol: 'tls', address: '192.0.2.20', port: 5061, serverName: 'example.com' },
    ]);
  });

  it('queries SRV per transport when there is no NAPTR, and the transport parameter picks one', async () => {
    const dns = fakeDns({
      srv: {
        '_sip._tcp.example.org': [{ priority: 0, weight: 0, port: 5070, name: 'b.example.org' }],
        '_sip._udp.example.org': [{ priority: 0, weight: 0, port: 5060, name: 'a.example.org' }],
      },
      a: { 'a.example.org': ['192.0.2.30'], 'b.example.org': ['192.0.2.31'] },
    });
    expect(await locateSipServers('sip:example.org', { resolver: dns })).toEqual([
      { protocol: 'udp', address: '192.0.2.30', port: 5060 },
      { protocol: 'tcp', address: '192.0.2.31', port: 5070 },
    ]);
    dns.queries.length = 0;
    expect(await locateSipServers('sip:example.org;transport=TCP', { resolver: dns })).toEqual([
      { protocol: 'tcp', address: '192.0.2.31', port: 5070 },
    ]);
    expect(dns.queries[0]).toBe('SRV _sip._tcp.example.org');
  });

  it('falls back to A/AAAA on the default port, then to the system resolver', async () => {
    const dns = fakeDns({
      aaaa: { 'v6.example.net': ['2001:db8::7'] },
      hosts: {
        localhost: [
          { address: '127.0.0.1', family: 4 },
          { address: '::1', family: 6 },
        ],
      },
    });
    expect(await locateSipServers('sips:v6.example.net', { resolver: dns })).toEqual([
      { protocol: 'tls', address: '2001:db8::7', port: 5061, serverName: 'v6.example.net' },
    ]);
    expect(
      await locateSipServers('sip:localhost;transport=tcp', { resolver: dns, families: 'ipv6-first' }),
    ).toEqual([
      { protocol: 'tcp', address: '::1', port: 5060 },
      { protocol: 'tcp', address: '127.0.0.1', port: 5060 },
    ]);
  });

  it('uses maddr instead of the host', async () => {
    const dns = fakeDns({});
    expect(await locateSipServers('sip:example.com;maddr=192.0.2.99', { resolver: dns })).toEqual([
      { protocol: 'udp', address: '192.0.2.99', port: 5060 },
    ]);
  });

  it('orders SRV targets by priority, weights by the injected RNG', async () => {
    const srv = [
      { priority: 20, weight: 0, port: 5060, name: 'backup.example.com' },
      { priority: 10, weight: 90, port: 5060, name: 'big.example.com' },
      { priority: 10, weight: 10, port: 5060, name: 'small.example.com' },
    ];
    const dns = fakeDns({
      srv: { '_sip._udp.example.com': srv },
      a: {
        'backup.example.com': ['192.0.2.3'],
        'big.example.com': ['192.0.2.1'],
        'small.example.com': ['192.0.2.2'],
      },
    });
    const first = new Map<string, number>();
    const random = seededRandom(7);
    for (let i = 0; i < 400; i++) {
      const out = await locateSipServers('sip:example.com;transport=udp', { resolver: dns, random });
      expect(out.at(-1)?.address).toBe('192.0.2.3');
      first.set(out[0]!.address, (first.get(out[0]!.address) ?? 0) + 1);
    }
    // About 90 % of the picks go to weight 90.
    expect(first.get('192.0.2.1')).toBeGreaterThan(320);
    expect(first.get('192.0.2.2')).toBeGreaterThan(15);
  });

  it('rejects with a code when nothing is found or the URI is not SIP', async () => {
    const dns = fakeDns({});
    await expect(locateSipServers('sip:nowhere.invalid', { resolver: dns })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(locateSipServers('tel:+1234', { resolver: dns })).rejects.toBeInstanceOf(ResolveError);
    await expect(locateSipServers('sips:example.com;transport=udp', { resolver: dns })).rejects.toMatchObject(
      {
        code: 'unsupported-transport',
      },
    );
  });
});
