import { describe, expect, it } from 'vitest';
import { replacesFromReferTo } from '../headers/index.js';
import { parseMessage } from './parse-message.js';
import type { SipMessage } from './sip-message.js';
import { isTypedHeader } from './typed-headers.js';

const NOTIFY = [
  'NOTIFY sip:alice@192.0.2.1 SIP/2.0',
  'Via: SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bKa;received=192.0.2.9;rport=5062;maddr=239.1.1.1;ttl=16',
  'Max-Forwards: 70',
  'From: <sip:bob@example.com>;tag=f1',
  'To: "Alice" <sip:alice@example.com>;tag=t1',
  'Call-ID: n1@example.com',
  'CSeq: 4 NOTIFY',
  'Contact: <sip:bob@192.0.2.2>;expires=60;q=0.5;+sip.instance="<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>"',
  'Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>',
  'Route: <sip:p3.example.com;lr>',
  'Record-Route: <sip:rr.example.com;lr>',
  'o: refer;id=93809824',
  'Subscription-State: active;expires=3599',
  'r: <sip:carol@example.com?Replaces=abc%40host%3Bto-tag%3Dt7%3Bfrom-tag%3Df7>',
  'b: <sip:bob@example.com>',
  'Replaces: xyz@host;to-tag=a;from-tag=b;early-only',
  'RSeq: 988789',
  'RAck: 776656 1 INVITE',
  'x: 1800;refresher=uas',
  'Min-SE: 90',
  'Privacy: id; header',
  'P-Asserted-Identity: "Bob" <sip:bob@example.com>, <tel:+15551234567>',
  'P-Preferred-Identity: <sip:bob@example.com>',
  'Reason: SIP;cause=200;text="Call completed elsewhere"',
  'Retry-After: 18000;duration=3600',
  'Warning: 370 devnull "Choose a bigger pipe", 399 example.com "x"',
  'Alert-Info: <http://www.example.com/sounds/moo.wav>',
  'Call-Info: <http://wwww.example.com/alice/photo.jpg>;purpose=icon',
  'Subject: Need more boxes',
  'User-Agent: Twinkle/2.0',
  'Server: Twinkle/2.0',
  'Date: Sat, 13 Nov 2010 23:29:00 GMT',
  'Timestamp: 54 0.2',
  'Expires: 3600',
  'Min-Expires: 60',
  'k: 100rel, timer',
  'Require: 100rel',
  'Unsupported: foo',
  'Allow: INVITE, ACK',
  'Allow: BYE',
  'u: refer, presence',
  'Accept: application/sdp, text/plain;q=0.5',
  'WWW-Authenticate: Digest realm="a.example.com", nonce="n1", qop="auth"',
  'WWW-Authenticate: Digest realm="b.example.com", nonce="n2", algorithm=SHA-256',
  'Proxy-Authorization: Digest username="bob", realm="a.example.com", nonce="n1", uri="sip:a@b", response="00"',
  'X-Unknown:   kept ;; as ,, written  ',
  'c: message/sipfrag;version=2.0',
  'e: gzip',
  'Content-Disposition: render;handling=optional',
  'l: 16',
  '',
  'SIP/2.0 200 OK\r\n',
].join('\r\n');

const message = (): SipMessage => {
  const r = parseMessage(NOTIFY);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.message;
};

describe('typed headers', () => {
  const m = message();

  it('Via: branch, received, rport, maddr, ttl, IPv6 sent-by', () => {
    expect(m.via?.[0]).toMatchObject({
      transport: 'TLS',
      host: '[2001:db8::1]',
      port: 5061,
      branch: 'z9hG4bKa',
      received: '192.0.2.9',
      rport: 5062,
      maddr: '239.1.1.1',
      ttl: 16,
    });
  });

  it('From/To tags, Call-ID, CSeq, Max-Forwards', () => {
    expect(m.from?.tag).toBe('f1');
    expect(m.to).toMatchObject({ displayName: 'Alice', tag: 't1' });
    expect(m.callId).toBe('n1@example.com');
    expect(m.cseq).toEqual({ seq: 4, method: 'NOTIFY' });
    expect(m.maxForwards).toBe(70);
  });

  it('Contact with expires, q and +sip.instance; Contact *', () => {
    const c = m.contact;
    expect(c !== '*' && c?.[0]).toMatchObject({
      expires: 60,
      q: 0.5,
      instance: '<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>',
    });
    const star = parseMessage('REGISTER sip:r SIP/2.0\r\nContact: *\r\nExpires: 0\r\nl: 0\r\n\r\n');
    expect(star.ok && star.message.contact).toBe('*');
  });

  it('Route and Record-Route across lines', () => {
    expect(m.get('route')?.map((r) => r.uri.scheme === 'sip' && 'host' in r.uri && r.uri.host)).toEqual([
      'p1.example.com',
      'p2.example.com',
      'p3.example.com',
    ]);
    expect(m.get('record-route')).toHaveLength(1);
  });

  it('Event, Subscription-State, Refer-To with an embedded Replaces, Referred-By, Replaces', () => {
    expect(m.get('event')).toMatchObject({ value: 'refer' });
    expect(m.get('subscription-state')).toMatchObject({ state: 'active', expires: 3599 });
    const referTo = m.get('refer-to');
    expect(referTo && replacesFromReferTo(referTo.uri)).toMatchObject({
      callId: 'abc@host',
      toTag: 't7',
      fromTag: 'f7',
    });
    expect(m.get('referred-by')?.uri.scheme).toBe('sip');
    expect(m.get('replaces')).toMatchObject({
      callId: 'xyz@host',
      toTag: 'a',
      fromTag: 'b',
      earlyOnly: true,
    });
  });

  it('RSeq/RAck, Session-Expires/Min-SE, Privacy, identities', () => {
    expect(m.get('rseq')).toBe(988789);
    expect(m.get('rack')).toEqual({ rseq: 776656, cseq: 1, method: 'INVITE' });
    expect(m.get('session-expires')).toMatchObject({ deltaSeconds: 1800, refresher: 'uas' });
    expect(m.get('min-se')).toBe(90);
    expect(m.get('privacy')).toEqual(['id', 'header']);
    expect(m.get('p-asserted-identity')?.map((n) => n.uri.scheme)).toEqual(['sip', 'tel']);
    expect(m.get('p-preferred-identity')).toHaveLength(1);
  });

  it('Reason, Retry-After, Warning, Alert-Info, Call-Info', () => {
    expect(m.get('reason')?.[0]).toMatchObject({
      protocol: 'SIP',
      cause: 200,
      text: 'Call completed elsewhere',
    });
    expect(m.get('retry-after')).toMatchObject({ seconds: 18000, duration: 3600 });
    expect(m.get('warning')?.map((w) => w.code)).toEqual([370, 399]);
    expect(m.get('alert-info')?.[0]?.uri).toBe('http://www.example.com/sounds/moo.wav');
    expect(m.get('call-info')?.[0]?.params).toEqual([{ name: 'purpose', value: 'icon' }]);
  });

  it('Subject, User-Agent, Server, Date, Timestamp, Expires, Min-Expires', () => {
    expect(m.get('subject')).toBe('Need more boxes');
    expect(m.get('user-agent')).toBe('Twinkle/2.0');
    expect(m.get('server')).toBe('Twinkle/2.0');
    expect(m.get('date')?.toISOString()).toBe('2010-11-13T23:29:00.000Z');
    expect(m.get('timestamp')).toEqual({ value: 54, delay: 0.2 });
    expect(m.get('expires')).toBe(3600);
    expect(m.get('min-expires')).toBe(60);
  });

  it('option tags and method lists, joined over lines and compact forms', () => {
    expect(m.get('supported')).toEqual(['100rel', 'timer']);
    expect(m.get('require')).toEqual(['100rel']);
    expect(m.get('unsupported')).toEqual(['foo']);
    expect(m.get('allow')).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(m.get('allow-events')).toEqual(['refer', 'presence']);
    expect(m.get('accept')?.map((a) => a.subtype)).toEqual(['sdp', 'plain']);
  });

  it('several WWW-Authenticate challenges at once, and credentials', () => {
    expect(m.get('www-authenticate')?.map((c) => c.params.realm)).toEqual(['a.example.com', 'b.example.com']);
    expect(m.get('proxy-authorization')?.[0]).toMatchObject({
      scheme: 'Digest',
      params: { username: 'bob' },
    });
  });

  it('Content-Type, -Encoding, -Disposition, -Length', () => {
    expect(m.contentType).toMatchObject({ type: 'message', subtype: 'sipfrag' });
    expect(m.get('content-encoding')).toEqual(['gzip']);
    expect(m.get('content-disposition')).toMatchObject({ value: 'render' });
    expect(m.contentLength).toBe(16);
    expect(m.bodyText).toBe('SIP/2.0 200 OK\r\n');
  });

  it('passes unknown headers through intact', () => {
    expect(m.header('x-unknown')).toBe('kept ;; as ,, written');
    expect(m.toString()).toBe(NOTIFY);
    expect(isTypedHeader('x-unknown')).toBe(false);
    expect(m.parsed('x-unknown' as 'via').ok).toBe(false);
  });

  it('the whole message validates', async () => {
    const { validateMessage } = await import('./validate.js');
    expect(validateMessage(m)).toEqual({ ok: true });
  });
});

describe('parsed, get and headerError', () => {
  const request = (...lines: string[]): SipMessage => {
    const r = parseMessage(['OPTIONS sip:a@example.com SIP/2.0', ...lines, '', ''].join('\r\n'));
    if (!r.ok) throw new Error(r.error.reason);
    return r.message;
  };

  it('give the one cached value, whichever is asked first', () => {
    const m = request('From: <sip:b@example.com>;tag=1', 'To: <sip:a@example.com>', 'CSeq: 7 OPTIONS');
    const from = m.from;
    expect(m.parsed('from')).toEqual({ ok: true, value: from });
    expect(m.get('from')).toBe(from);
    const cseq = m.parsed('cseq');
    expect(cseq.ok && cseq.value).toEqual({ seq: 7, method: 'OPTIONS' });
    expect(m.cseq).toBe(cseq.ok ? cseq.value : undefined);
    expect(m.headerError('from')).toBeUndefined();
  });

  it('an absent header: ok and undefined, no error', () => {
    const m = request('CSeq: 7 OPTIONS');
    expect(m.parsed('call-id')).toEqual({ ok: true, value: undefined });
    expect(m.callId).toBeUndefined();
    expect(m.headerError('call-id')).toBeUndefined();
  });

  it("a malformed header: the parser's own error, each time, and undefined values", () => {
    const m = request('CSeq: 1 INV/ITE', 'Call-ID: a b', 'From: <sip:b@example.com>;tag');
    expect(m.cseq).toBeUndefined();
    expect(m.parsed('cseq')).toEqual({
      ok: false,
      error: { code: 'bad-cseq', reason: 'bad CSeq method', offset: 5 },
    });
    expect(m.headerError('cseq')).toEqual({ code: 'bad-cseq', reason: 'bad CSeq method', offset: 5 });
    expect(m.headerError('call-id')?.reason).toBe('invalid character in Call-ID');
    expect(m.callId).toBeUndefined();
    expect(m.parsed('from').ok).toBe(false);
    expect(m.from).toBeUndefined();
  });
});

describe('topVia', () => {
  const response = (vias: string[]): SipMessage => {
    const r = parseMessage(
      ['SIP/2.0 200 OK', ...vias, 'Call-ID: c@h', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''].join('\r\n'),
    );
    if (!r.ok) throw new Error(r.error.reason);
    return r.message;
  };

  it('is the first value of the first Via line, parsing no other line', () => {
    const m = response([
      'Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com;branch=z9hG4bK2',
      'Via: SIP/2.0/UDP c.example.com;branch=z9hG4bK3',
    ]);
    expect(m.topVia?.host).toBe('a.example.com');
    expect(m.topVia?.branch).toBe('z9hG4bK1');
    expect(m.via?.map((v) => v.host)).toEqual(['a.example.com', 'b.example.com', 'c.example.com']);
  });

  it('is the same value as via[0] whichever is read first', () => {
    const a = response(['Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1', 'Via: SIP/2.0/UDP c.example.com']);
    expect(a.via?.[0]).toBe(a.topVia);
    const b = response(['Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1', 'Via: SIP/2.0/UDP c.example.com']);
    const top = b.topVia;
    expect(top).toEqual(b.via?.[0]);
    expect(b.topVia).toBe(top);
  });

  it('survives a malformed lower Via, which makes the whole list undefined', () => {
    const m = response(['Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1', 'Via: SIP/2.0/UDP bad host']);
    expect(m.topVia?.branch).toBe('z9hG4bK1');
    expect(m.via).toBeUndefined();
    expect(m.parsed('via').ok).toBe(false);
  });

  it('is undefined when the first line is malformed or there is no Via', () => {
    expect(response(['Via: SIP/2.0/UDP', 'Via: SIP/2.0/UDP c.example.com']).topVia).toBeUndefined();
    expect(response([]).topVia).toBeUndefined();
  });

  it('reads a folded first line and a compact name', () => {
    const m = response(['v: SIP/2.0/UDP a.example.com', ' ;branch=z9hG4bK9;rport']);
    expect(m.topVia?.branch).toBe('z9hG4bK9');
    expect(m.topVia?.rport).toBe(true);
  });
});
