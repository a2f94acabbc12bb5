import { describe, expect, it } from 'vitest';
import { parseUri } from '../uri/index.js';
import { createRequest, createResponse, randomTag } from './build.js';
import { withAddedHeader, withBody, withHeader, withoutHeader } from './copies.js';
import { parseMessage } from './parse-message.js';
import { SipRequest } from './sip-message.js';
import { validateRequest, validateResponse } from './validate.js';

const invite = () =>
  createRequest({
    method: 'INVITE',
    uri: 'sip:bob@biloxi.example.com',
    from: 'Alice <sip:alice@atlanta.example.com>;tag=1928301774',
    to: 'Bob <sip:bob@biloxi.example.com>',
    callId: 'a84b4c76e66710@pc33.atlanta.example.com',
    cseq: 314159,
    via: 'SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
    contact: '<sip:alice@pc33.atlanta.example.com>',
    body: 'v=0\r\n',
    contentType: 'application/sdp',
  });

describe('createRequest', () => {
  it('serializes canonically: long names, CRLF, computed Content-Length', () => {
    expect(invite().toString()).toBe(
      [
        'INVITE sip:bob@biloxi.example.com SIP/2.0',
        'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
        'Max-Forwards: 70',
        'To: Bob <sip:bob@biloxi.example.com>',
        'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
        'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
        'CSeq: 314159 INVITE',
        'Contact: <sip:alice@pc33.atlanta.example.com>',
        'Content-Type: application/sdp',
        'Content-Length: 5',
        '',
        'v=0',
        '',
      ].join('\r\n'),
    );
  });

  it('builds a message that parses back to the same bytes and validates', () => {
    const m = invite();
    const r = parseMessage(m.toBytes());
    expect(r.ok && r.message.toString()).toBe(m.toString());
    expect(validateRequest(m)).toEqual({ ok: true });
    expect(m.cseq).toEqual({ seq: 314159, method: 'INVITE' });
  });

  it('takes typed values and extra headers', () => {
    const uri = parseUri('sip:bob@example.com;transport=tcp');
    if (!uri.ok) throw new Error('uri');
    const m = createRequest({
      method: 'OPTIONS',
      uri: uri.value,
      from: { displayName: undefined, uri: uri.value, bracketed: true, params: [], tag: 'abc' },
      to: '<sip:bob@example.com>',
      callId: 'c1',
      cseq: { seq: 2, method: 'OPTIONS' },
      via: ['SIP/2.0/TCP a.example.com;branch=z9hG4bK1', 'SIP/2.0/TCP b.example.com;branch=z9hG4bK2'],
      maxForwards: 10,
      headers: { Supported: 'replaces', 'x-thing': ['1', '2'], k: 'timer' },
    });
    expect(m.requestUri).toBe('sip:bob@example.com;transport=tcp');
    expect(m.from?.tag).toBe('abc');
    expect(m.via?.length).toBe(2);
    expect(m.maxForwards).toBe(10);
    expect(m.headers('x-thing')).toEqual(['1', '2']);
    expect(m.headers('supported')).toEqual(['replaces', 'timer']);
    expect(m.toString()).toContain('\r\nSupported: timer\r\n'); // compact `k` written long
  });

  it('refuses header injection and bodies without a type', () => {
    const base = {
      method: 'OPTIONS',
      uri: 'sip:a@b',
      from: '<sip:a@b>;tag=1',
      to: '<sip:a@b>',
      callId: 'x',
      cseq: 1,
      via: 'SIP/2.0/UDP h;branch=z9hG4bK1',
    };
    expect(() => createRequest({ ...base, headers: { Subject: 'a\r\nEvil: 1' } })).toThrow(TypeError);
    expect(() => createRequest({ ...base, headers: { 'Bad Name': 'x' } })).toThrow(TypeError);
    expect(() => createRequest({ ...base, body: 'x' })).toThrow(TypeError);
    expect(() => createRequest({ ...base, uri: 'sip:a@b SIP/2.0\r\n' })).toThrow(TypeError);
  });
});

describe('createResponse (RFC 3261 section 8.2.6)', () => {
  const request = () => {
    const r = parseMessage(
      [
        'INVITE sip:bob@biloxi.example.com SIP/2.0',
        'Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2;received=192.0.2.2',
        'v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK1, SIP/2.0/UDP x.example.com;branch=z9hG4bK0',
        'Max-Forwards: 69',
        't: Bob <sip:bob@biloxi.example.com>',
        'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
        'Call-ID: a84b4c76e66710',
        'CSeq: 314159 INVITE',
        'Timestamp: 54.2 0.5',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    if (!r.ok || !(r.message instanceof SipRequest)) throw new Error('fixture');
    return r.message;
  };

  it('copies Via (all, in order), From, Call-ID, CSeq and adds a To tag', () => {
    const res = createResponse(request(), 180, undefined, { toTag: 'a6c85cf' });
    expect(res.status).toBe(180);
    expect(res.reason).toBe('Ringing');
    expect(res.headers('via')).toEqual(request().headers('via'));
    expect(res.via?.map((v) => v.branch)).toEqual(['z9hG4bK2', 'z9hG4bK1', 'z9hG4bK0']);
    expect(res.header('from')).toBe(request().header('from'));
    expect(res.to?.tag).toBe('a6c85cf');
    expect(res.header('to')).toBe('Bob <sip:bob@biloxi.example.com>;tag=a6c85cf');
    expect(res.callId).toBe('a84b4c76e66710');
    expect(res.cseq).toEqual({ seq: 314159, method: 'INVITE' });
    expect(res.hasHeader('timestamp')).toBe(false);
    expect(validateResponse(res)).toEqual({ ok: true });
  });

  it('adds no To tag to a 100 Trying and copies its Timestamp (8.2.6.1)', () => {
    const res = createResponse(request(), 100);
    expect(res.reason).toBe('Trying');
    expect(res.to?.tag).toBeUndefined();
    expect(res.header('timestamp')).toBe('54.2 0.5');
  });

  it('keeps a To tag the request already has', () => {
    const req = withHeader(request(), 'To', 'Bob <sip:bob@biloxi.example.com>;tag=existing');
    expect(createResponse(req, 200, 'OK', { toTag: 'new' }).to?.tag).toBe('existing');
  });

  it('makes a tag with the injected generator, or a random one', () => {
    expect(createResponse(request(), 486, 'Busy Here', { generateTag: () => 'fixed' }).to?.tag).toBe('fixed');
    const t = createResponse(request(), 603).to?.tag;
    expect(t).toMatch(/^[0-9a-f]{16}$/);
    expect(randomTag()).not.toBe(randomTag());
  });

  it('takes a reason phrase, headers and a body', () => {
    const res = createResponse(request(), 200, 'Fine', {
      toTag: 'x',
      headers: [{ name: 'Contact', value: '<sip:bob@192.0.2.4>' }],
      body: 'v=0\r\n',
      contentType: 'application/sdp',
    });
    expect(res.reason).toBe('Fine');
    expect(res.header('contact')).toBe('<sip:bob@192.0.2.4>');
    expect(res.contentLength).toBe(5);
    expect(res.bodyText).toBe('v=0\r\n');
  });

  it('rejects a status outside 100..699', () => {
    expect(() => createResponse(request(), 99)).toThrow(RangeError);
    expect(() => createResponse(request(), 700)).toThrow(RangeError);
  });
});

describe('copies', () => {
  it('withHeader replaces every line of a header in place, or appends it', () => {
    const m = withHeader(invite(), 'max-forwards', '69');
    expect(m.maxForwards).toBe(69);
    expect(m.fields.map((f) => f.name).indexOf('Max-Forwards')).toBe(1);
    const n = withHeader(invite(), 'Subject', ['a', 'b']);
    expect(n.headers('subject')).toEqual(['a', 'b']);
    expect(invite().hasHeader('subject')).toBe(false); // the original is untouched
  });

  it('withAddedHeader puts a Via on top', () => {
    const m = withAddedHeader(invite(), 'Via', 'SIP/2.0/UDP proxy.example.com;branch=z9hG4bKtop', 'top');
    expect(m.via?.map((v) => v.branch)).toEqual(['z9hG4bKtop', 'z9hG4bK776asdhds']);
    const n = withAddedHeader(invite(), 'Record-Route', '<sip:p.example.com;lr>');
    expect(n.fields.at(-1)?.name).toBe('Content-Length');
    expect(n.header('record-route')).toBe('<sip:p.example.com;lr>');
  });

  it('withoutHeader drops every line', () => {
    const m = withoutHeader(invite(), 'contact');
    expect(m.hasHeader('contact')).toBe(false);
    expect(m.contentLength).toBe(5);
  });

  it('withBody replaces the body and recomputes Content-Length', () => {
    const m = withBody(invite(), 'hello world', 'text/plain');
    expect(m.contentLength).toBe(11);
    expect(m.header('content-type')).toBe('text/plain');
    expect(m.bodyText).toBe('hello world');
    const e = withBody(invite(), '');
    expect(e.hasHeader('content-type')).toBe(false);
    expect(e.contentLength).toBe(0);
  });

  it('copies of a parsed message are canonical', () => {
    const r = parseMessage('OPTIONS sip:a@b SIP/2.0\r\ni: x\r\nl: 0\r\n\r\n');
    if (!r.ok) throw new Error('parse');
    expect(withHeader(r.message, 'Subject', 'hi').toString()).toBe(
      'OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nSubject: hi\r\nContent-Length: 0\r\n\r\n',
    );
  });
});
