import { describe, expect, it } from 'vitest';
import { parseNameAddr } from '../headers/name-addr.js';
import type { NameAddr } from '../headers/types.js';
import { formatUri } from '../uri/format.js';
import { parseUri } from '../uri/parse.js';
import type { Uri } from '../uri/types.js';
import { createNodeDnsResolver } from './dns-resolver.js';
import { fakeDns } from './fake-dns.test.util.js';
import { locateSipServers } from './locate.js';
import { preloadedRouteSet, routeRequest } from './next-hop.js';
import { resolveRequest } from './resolve-request.js';
import { TargetIterator } from './target-iterator.js';

const uri = (s: string): Uri => {
  const r = parseUri(s);
  if (!r.ok) throw new Error(s);
  return r.value;
};
const na = (s: string): NameAddr => {
  const r = parseNameAddr(s);
  if (!r.ok) throw new Error(s);
  return r.value;
};

describe('routeRequest (RFC 3261 12.2.1.1)', () => {
  const target = uri('sip:bob@192.0.2.4:5070');

  it('goes straight to the target without a route set', () => {
    const r = routeRequest(target, []);
    expect(formatUri(r.requestUri)).toBe('sip:bob@192.0.2.4:5070');
    expect(r.route).toEqual([]);
    expect(formatUri(r.nextHop)).toBe('sip:bob@192.0.2.4:5070');
  });

  it('loose routing: Request-URI is the target, next hop the first route', () => {
    const set = [na('<sip:p1.example.com;lr>'), na('<sip:p2.example.com;lr>')];
    const r = routeRequest(target, set);
    expect(formatUri(r.requestUri)).toBe('sip:bob@192.0.2.4:5070');
    expect(r.route.map((x) => formatUri(x.uri))).toEqual(['sip:p1.example.com;lr', 'sip:p2.example.com;lr']);
    expect(formatUri(r.nextHop)).toBe('sip:p1.example.com;lr');
  });

  it('strict routing: first route becomes the Request-URI, the target goes last', () => {
    const set = [na('<sip:p1.example.com;method=INVITE;transport=tcp>'), na('<sip:p2.example.com;lr>')];
    const r = routeRequest(target, set);
    expect(formatUri(r.requestUri)).toBe('sip:p1.example.com;transport=tcp');
    expect(r.route.map((x) => formatUri(x.uri))).toEqual(['sip:p2.example.com;lr', 'sip:bob@192.0.2.4:5070']);
    expect(formatUri(r.nextHop)).toBe('sip:p1.example.com;transport=tcp');
  });
});

describe('preloadedRouteSet (RFC 3261 8.1.2, RFC 3608)', () => {
  it('puts the outbound proxy, made loose, before the Service-Route', () => {
    const set = preloadedRouteSet({
      outboundProxy: uri('sip:proxy.example.com:5080'),
      serviceRoute: [na('<sip:orig@scscf.example.com;lr>')],
    });
    expect(set.map((x) => formatUri(x.uri))).toEqual([
      'sip:proxy.example.com:5080;lr',
      'sip:orig@scscf.example.com;lr',
    ]);
    const r = routeRequest(uri('sip:carol@example.com'), set);
    expect(formatUri(r.nextHop)).toBe('sip:proxy.example.com:5080;lr');
  });

  it('does not repeat a proxy that heads the Service-Route', () => {
    const set = preloadedRouteSet({
      outboundProxy: uri('sip:edge.example.com'),
      serviceRoute: [na('<sip:edge.example.com;lr>'), na('<sip:core.example.com;lr>')],
    });
    expect(set.map((x) => formatUri(x.uri))).toEqual(['sip:edge.example.com;lr', 'sip:core.example.com;lr']);
    expect(preloadedRouteSet({})).toEqual([]);
  });
});

describe('TargetIterator (RFC 3263 section 4.3)', () => {
  const d = (address: string) => ({ protocol: 'udp' as const, address, port: 5060 });

  it('moves on for timeouts, transport errors and 503 only', () => {
    const it3 = new TargetIterator([d('192.0.2.1'), d('192.0.2.2'), d('192.0.2.3')]);
    expect(it3.current?.address).toBe('192.0.2.1');
    expect(it3.nextTarget({ kind: 'response', status: 486 })).toBeUndefined();
    expect(it3.current?.address).toBe('192.0.2.1');
    expect(it3.nextTarget({ kind: 'timeout' })?.address).toBe('192.0.2.2');
    expect(it3.nextTarget({ kind: 'response', status: 503 })?.address).toBe('192.0.2.3');
    expect(it3.remaining).toBe(0);
    expect(it3.nextTarget({ kind: 'transport-error' })).toBeUndefined();
    expect(it3.current).toBeUndefined();
  });
});

describe('resolveRequest', () => {
  it('locates the outbound proxy, not the request target', async () => {
    const set = preloadedRouteSet({ outboundProxy: uri('sip:192.0.2.50:5080;transport=tcp') });
    const r = await resolveRequest(uri('sip:carol@example.com'), set, { resolver: fakeDns({}) });
    expect(formatUri(r.routing.requestUri)).toBe('sip:carol@example.com');
    expect(r.targets.current).toEqual({ protocol: 'tcp', address: '192.0.2.50', port: 5080 });
  });
});

describe('createNodeDnsResolver', () => {
  it('falls back to the system resolver (hosts file) when DNS has nothing', async () => {
    // A DNS server address where nothing listens: queries fail fast on loopback.
    const resolver = createNodeDnsResolver({ servers: ['127.0.0.1:9'], timeoutMs: 200, tries: 1 });
    const out = await locateSipServers('sip:localhost:5070', { resolver, families: 'ipv4' });
    expect(out).toEqual([{ protocol: 'udp', address: '127.0.0.1', port: 5070 }]);
  });
});
