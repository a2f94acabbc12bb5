import { describe, expect, it } from 'vitest';
import { parseVia } from '../headers/via.js';
import { createRequest } from '../message/build.js';
import { parseMessage } from '../message/parse-message.js';
import type { SipRequest } from '../message/sip-message.js';
import { fakeDns } from '../resolve/fake-dns.test.util.js';
import { canonicalAddress, headerHost, sameAddress, unmapAddress } from './address.js';
import { buildParseErrorResponse } from './bad-request.js';
import { locateResponseTargets } from './response-locate.js';
import { responseTarget } from './response-route.js';
import { exceedsUdpLimit, switchViaToTcp } from './size-rule.js';
import { isStun, parseStun, stunBindingRequest, stunBindingSuccess } from './stun.js';
import type { Source } from './types.js';
import { stampReceived } from './via-received.js';

const src = (p: Source['protocol'], remoteAddress: string, remotePort: number): Source => ({
  protocol: p,
  remoteAddress,
  remotePort,
  localAddress: '127.0.0.1',
  localPort: 5060,
  flowId: 'f',
});
const req = (via: string | string[]): SipRequest =>
  createRequest({
    method: 'OPTIONS',
    uri: 'sip:b@example.com',
    from: '<sip:a@example.com>;tag=1',
    to: '<sip:b@example.com>',
    callId: 'c',
    cseq: 1,
    via,
  });
const via = (text: string) => {
  const r = parseVia(text);
  if (!r.ok) throw new Error(text);
  return r.value[0]!;
};

describe('addresses', () => {
  it('compares IPv6 in any spelling and unwraps mapped IPv4', () => {
    expect(canonicalAddress('[2001:DB8::1]')).toBe('2001:db8:0:0:0:0:0:1');
    expect(sameAddress('2001:db8:0:0::1', '[2001:db8::1]')).toBe(true);
    expect(sameAddress('::ffff:192.0.2.1', '192.0.2.1')).toBe(true);
    expect(canonicalAddress('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0:0:0:c000:221');
    expect(sameAddress('192.0.2.1', '192.0.2.2')).toBe(false);
    expect(unmapAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(headerHost('::1')).toBe('[::1]');
    expect(headerHost('10.0.0.1')).toBe('10.0.0.1');
  });
});

describe('stampReceived (RFC 3261 18.2.1, RFC 3581 section 4)', () => {
  it('leaves the request alone when sent-by is the source and rport was not asked', () => {
    const r = req('SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1');
    expect(stampReceived(r, src('udp', '192.0.2.1', 5060))).toBe(r);
  });

  it('adds received for another host, and received plus rport when asked, on the top Via only', () => {
    const r = req([
      'SIP/2.0/UDP pc.example.com:5060;branch=z9hG4bK1;rport, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK0',
      'SIP/2.0/TCP 10.0.0.2;branch=z9hG4bKx',
    ]);
    const s = stampReceived(r, src('udp', '192.0.2.9', 40000));
    expect(s.via?.[0]).toMatchObject({ received: '192.0.2.9', rport: 40000, branch: 'z9hG4bK1' });
    expect(s.via?.[1]).toMatchObject({ host: '10.0.0.1', received: undefined });
    expect(s.headers('via')).toHaveLength(2);
    const same = stampReceived(
      req('SIP/2.0/UDP 192.0.2.9:5060;rport;branch=z9hG4bK2'),
      src('udp', '192.0.2.9', 5060),
    );
    expect(same.via?.[0]).toMatchObject({ received: '192.0.2.9', rport: 5060 });
    const v6 = stampReceived(
      req('SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK3'),
      src('udp', '2001:db8::2', 5060),
    );
    expect(v6.headers('via')[0]).toContain(';received=2001:db8::2');
  });
});

describe('responseTarget (RFC 3261 18.2.2, RFC 3581 section 4)', () => {
  const u = src('udp', '192.0.2.9', 40000);
  it.each([
    ['SIP/2.0/UDP pc.example.com:5070;received=192.0.2.9;rport=40000', '192.0.2.9', 40000],
    ['SIP/2.0/UDP pc.example.com:5070;received=192.0.2.9', '192.0.2.9', 5070],
    ['SIP/2.0/UDP pc.example.com;received=192.0.2.9', '192.0.2.9', 5060],
    ['SIP/2.0/UDP pc.example.com:5070;maddr=239.1.1.1;ttl=1;received=192.0.2.9', '239.1.1.1', 5070],
    ['SIP/2.0/UDP [2001:db8::1]:5080', '2001:db8::1', 5080],
    ['SIP/2.0/UDP pc.example.com', 'pc.example.com', 5060],
  ])('UDP %s goes to %s:%d', (v, host, port) => {
    expect(responseTarget(via(v), u)).toEqual({ protocol: 'udp', host, port });
  });
  it('over streams uses received (or sent-by) at the sent-by port, never rport', () => {
    const t = src('tls', '192.0.2.9', 40001);
    expect(responseTarget(via('SIP/2.0/TLS pc.example.com;received=192.0.2.9;rport=40001'), t)).toEqual({
      protocol: 'tls',
      host: '192.0.2.9',
      port: 5061,
    });
    expect(responseTarget(via('SIP/2.0/TCP pc.example.com:5090'), src('tcp', '192.0.2.9', 1))).toEqual({
      protocol: 'tcp',
      host: 'pc.example.com',
      port: 5090,
    });
  });
});

describe('buildParseErrorResponse', () => {
  const head =
    'INVITE sip:bob@example.com SIP/2.0\r\nv: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP b.example.com;branch=z9hG4bK0\r\n' +
    'f: <sip:a@example.com>;tag=9\r\nt: <sip:bob@example.com>\r\ni: xyz\r\nCSeq: 5\r\n INVITE\r\nContent-Length: x\r\n\r\nbody';
  it('copies Via lines, From, To with a tag, Call-ID and CSeq (compact forms and folding read)', () => {
    const out = buildParseErrorResponse(Buffer.from(head), 400, 'Bad Content-Length\r\nInjected: 1', 'tag1');
    const r = parseMessage(out!);
    if (!r.ok || r.message.kind !== 'response') throw new Error('bad response');
    expect(r.message.status).toBe(400);
    expect(r.message.reason).toBe('Bad Content-Length Injected: 1');
    expect(r.message.headers('via')).toEqual([
      'SIP/2.0/UDP a.example.com;branch=z9hG4bK1',
      'SIP/2.0/UDP b.example.com;branch=z9hG4bK0',
    ]);
    expect(r.message.to?.tag).toBe('tag1');
    expect(r.message.cseq).toEqual({ seq: 5, method: 'INVITE' });
    expect(r.message.callId).toBe('xyz');
  });
  it('builds nothing for responses, ACK, or missing fields', () => {
    expect(
      buildParseErrorResponse(Buffer.from(head.replace('i: xyz\r\n', '')), 400, 'x', 't'),
    ).toBeUndefined();
    expect(
      buildParseErrorResponse(Buffer.from(head.replace(/^INVITE/, 'ACK')), 400, 'x', 't'),
    ).toBeUndefined();
    expect(
      buildParseErrorResponse(
        Buffer.from(`SIP/2.0 200 OK\r\n${head.slice(head.indexOf('\n') + 1)}`),
        400,
        'x',
        't',
      ),
    ).toBeUndefined();
    expect(buildParseErrorResponse(new Uint8Array([0xde, 0xad]), 400, 'x', 't')).toBeUndefined();
  });
});

describe('size rule (RFC 3261 18.1.1)', () => {
  it('switches at MTU - 200 and rewrites our own sent-by', () => {
    expect(exceedsUdpLimit(1300, 1500)).toBe(false);
    expect(exceedsUdpLimit(1301, 1500)).toBe(true);
    const r = switchViaToTcp(
      req('SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport'),
      { protocol: 'tcp', host: '192.0.2.1', port: 5070 },
      { protocol: 'udp', host: '192.0.2.1', port: 5060 },
    );
    expect(r.via?.[0]).toMatchObject({ transport: 'TCP', host: '192.0.2.1', port: 5070, rport: true });
    const other = switchViaToTcp(
      req('SIP/2.0/UDP pc.example.com;branch=z9hG4bK1'),
      { protocol: 'tcp', host: '192.0.2.1', port: 5070 },
      undefined,
    );
    expect(other.via?.[0]).toMatchObject({ transport: 'TCP', host: 'pc.example.com', port: undefined });
  });
});

describe('STUN (RFC 5389)', () => {
  it('round-trips XOR-MAPPED-ADDRESS for IPv4 and IPv6', () => {
    const id = Uint8Array.from({ length: 12 }, (_, i) => i * 17);
    for (const [address, port] of [
      ['192.0.2.1', 32853],
      ['2001:db8:1234:5678:11:2233:4455:6677', 5060],
    ] as const) {
      const m = parseStun(stunBindingSuccess(id, address, port));
      expect(m?.type).toBe(0x0101);
      expect([...(m?.transactionId ?? [])]).toEqual([...id]);
      expect(m?.mapped).toEqual({ address, port });
    }
    const q = stunBindingRequest(id);
    expect(isStun(q)).toBe(true);
    expect(parseStun(q)?.mapped).toBeUndefined();
  });
  it('tells STUN from SIP and rejects truncated messages', () => {
    expect(isStun(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\n\r\n'))).toBe(false);
    const good = stunBindingSuccess(new Uint8Array(12), '10.0.0.1', 1);
    expect(isStun(good.subarray(0, good.length - 4))).toBe(false);
  });
});

describe('locateResponseTargets (RFC 3263 section 5)', () => {
  const dns = fakeDns({
    srv: { '_sip._tcp.pc.example.com': [{ priority: 0, weight: 0, port: 5090, name: 'host.example.com' }] },
    a: { 'pc.example.com': ['192.0.2.40'], 'host.example.com': ['192.0.2.41'] },
  });
  it('uses SRV for a sent-by name without port, A/AAAA with one, nothing for an address', async () => {
    expect(
      await locateResponseTargets(via('SIP/2.0/TCP pc.example.com'), src('tcp', '192.0.2.99', 1), dns),
    ).toEqual([{ protocol: 'tcp', address: '192.0.2.41', port: 5090 }]);
    expect(
      await locateResponseTargets(via('SIP/2.0/TCP pc.example.com:5070'), src('tcp', '192.0.2.99', 1), dns),
    ).toEqual([{ protocol: 'tcp', address: '192.0.2.40', port: 5070 }]);
    expect(
      await locateResponseTargets(
        via('SIP/2.0/UDP pc.example.com;received=192.0.2.7'),
        src('udp', '192.0.2.7', 9),
        dns,
      ),
    ).toEqual([{ protocol: 'udp', address: '192.0.2.7', port: 5060 }]);
  });
});
