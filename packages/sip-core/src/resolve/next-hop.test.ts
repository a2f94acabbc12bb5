import { describe, expect, it } from 'vitest';
import { parseNameAddr } from '../headers/name-addr.js';
import type { NameAddr } from '../headers/types.js';
import { formatUri } from '../uri/format.js';
import { parseUri } from '../uri/parse.js';
import type { Uri } from '../uri/types.js';
import { preloadedRouteSet, routeRequest } from './next-hop.js';
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
