import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message.js';
import { SipRequest, SipResponse } from './sip-message.js';

const crlf = (...lines: string[]): string => lines.join('\r\n');

const OPTIONS = crlf(
  'OPTIONS sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK1',
  'v: SIP/2.0/TCP second.example.com;branch=z9hG4bK2, SIP/2.0/UDP third.example.com;branch=z9hG4bK3',
  'Max-Forwards: 70',
  'To: <sip:bob@example.com>',
  'f: "Al, \\"the\\" <one>" <sip:al@example.com>;tag=x1',
  'i: abc@host',
  'CSeq: 7 OPTIONS',
  'X-Custom:  some  value  ',
  'X-Folded: first',
  '   second',
  '\tthird',
  'Content-Length: 5',
  '',
  'hello',
);

const ok = (data: Uint8Array | string) => {
  const r = parseMessage(data);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.message;
};

describe('parseMessage', () => {
  it('parses a request from bytes and from a string, with the same result', () => {
    for (const input of [OPTIONS, new TextEncoder().encode(OPTIONS)]) {
      const m = ok(input);
      expect(m).toBeInstanceOf(SipRequest);
      if (!(m instanceof SipRequest)) return;
      expect(m.method).toBe('OPTIONS');
      expect(m.requestUri).toBe('sip:bob@example.com');
      expect(m.version).toBe('SIP/2.0');
      expect(m.startLine).toBe('OPTIONS sip:bob@example.com SIP/2.0');
      expect(m.bodyText).toBe('hello');
      expect(m.toString()).toBe(OPTIONS);
    }
  });

  it('finds headers by any case and by compact form, and keeps unknown headers as written', () => {
    const m = ok(OPTIONS);
    expect(m.header('call-id')).toBe('abc@host');
    expect(m.header('CALL-ID')).toBe('abc@host');
    expect(m.header('i')).toBe('abc@host');
    expect(m.header('x-custom')).toBe('some  value');
    expect(m.header('X-Folded')).toBe('first second third');
    expect(m.headers('via')).toEqual([
      'SIP/2.0/UDP host.example.com;branch=z9hG4bK1',
      'SIP/2.0/TCP second.example.com;branch=z9hG4bK2, SIP/2.0/UDP third.example.com;branch=z9hG4bK3',
    ]);
    expect(m.headerValues('via')).toEqual([
      'SIP/2.0/UDP host.example.com;branch=z9hG4bK1',
      'SIP/2.0/TCP second.example.com;branch=z9hG4bK2',
      'SIP/2.0/UDP third.example.com;branch=z9hG4bK3',
    ]);
    expect(m.header('nope')).toBeUndefined();
    expect(m.headers('nope')).toEqual([]);
    expect(m.fields.map((f) => f.name)).toEqual([
      'Via',
      'v',
      'Max-Forwards',
      'To',
      'f',
      'i',
      'CSeq',
      'X-Custom',
      'X-Folded',
      'Content-Length',
    ]);
  });

  it('gives typed hot headers, across lines and comma lists', () => {
    const m = ok(OPTIONS);
    expect(m.via?.map((v) => v.branch)).toEqual(['z9hG4bK1', 'z9hG4bK2', 'z9hG4bK3']);
    expect(m.from?.tag).toBe('x1');
    expect(m.from?.displayName).toBe('Al, "the" <one>');
    expect(m.to?.tag).toBeUndefined();
    expect(m.callId).toBe('abc@host');
    expect(m.cseq).toEqual({ seq: 7, method: 'OPTIONS' });
    expect(m.maxForwards).toBe(70);
    expect(m.contentLength).toBe(5);
    expect(m.parsed('contact')).toEqual({ ok: true, value: undefined });
  });

  it('caches typed values: the same object comes back', () => {
    const m = ok(OPTIONS);
    expect(m.via).toBe(m.via);
    expect(m.from).toBe(m.from);
  });

  it('reports a malformed typed header through parsed() and undefined through the getter', () => {
    const m = ok(crlf('OPTIONS sip:a@b SIP/2.0', 'CSeq: x OPTIONS', 'l: 0', '', ''));
    expect(m.cseq).toBeUndefined();
    const r = m.parsed('cseq');
    expect(r.ok).toBe(false);
  });

  it('parses responses, with an empty or UTF-8 reason phrase', () => {
    const m = ok(crlf('SIP/2.0 180 Ringing', 'l: 0', '', ''));
    expect(m).toBeInstanceOf(SipResponse);
    if (!(m instanceof SipResponse)) return;
    expect([m.status, m.reason, m.version]).toEqual([180, 'Ringing', 'SIP/2.0']);
    const e = ok(crlf('SIP/2.0 100 ', 'l: 0', '', ''));
    expect(e.kind === 'response' && e.reason).toBe('');
    const u = ok(new TextEncoder().encode(crlf('SIP/2.0 486 Occupé ☎', 'l: 0', '', '')));
    expect(u.kind === 'response' && u.reason).toBe('Occupé ☎');
  });

  it('keeps UTF-8 in header values and frames the body by octets', () => {
    const text = crlf(
      'MESSAGE sip:a@b SIP/2.0',
      'From: "Zoë" <sip:z@b>;tag=1',
      'Content-Length: 2',
      '',
      'é€',
    );
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length - text.length).toBe(4); // ë, é and € take 1+1+2 extra octets
    const m = ok(bytes);
    expect(m.from?.displayName).toBe('Zoë');
    expect(m.body).toHaveLength(2);
    expect(m.bodyText).toBe('é');
    expect(Buffer.from(m.toBytes()).equals(Buffer.from(bytes.subarray(0, bytes.length - 3)))).toBe(true);
  });

  it('accepts bare LF line ends and leading empty lines', () => {
    const m = ok('\r\n\r\nOPTIONS sip:a@b SIP/2.0\nCall-ID: x\nl: 0\n\n');
    expect(m.callId).toBe('x');
    expect(m.toString()).toBe('OPTIONS sip:a@b SIP/2.0\nCall-ID: x\nl: 0\n\n');
  });

  it('takes the rest of a datagram as the body when Content-Length is missing', () => {
    const m = ok(crlf('MESSAGE sip:a@b SIP/2.0', 'Call-ID: x', '', 'rest of it'));
    expect(m.bodyText).toBe('rest of it');
    expect(m.contentLength).toBeUndefined();
  });

  it('ignores octets after Content-Length in a datagram (RFC 3261 18.3)', () => {
    const m = ok(crlf('MESSAGE sip:a@b SIP/2.0', 'l: 2', '', 'hi and more'));
    expect(m.bodyText).toBe('hi');
  });

  it('requires Content-Length on a stream', () => {
    const r = parseMessage(crlf('MESSAGE sip:a@b SIP/2.0', 'Call-ID: x', '', ''), { transport: 'stream' });
    expect(r.ok ? 'ok' : r.error.code).toBe('missing-content-length');
  });

  it.each([
    ['', 'empty', 0],
    ['\r\n\r\n', 'empty', 0],
    ['OPTIONS sip:a@b SIP/2.0\r\nl: 0\r\n', 'incomplete', 31],
    ['OPTIONS  sip:a@b SIP/2.0\r\n\r\n', 'bad-start-line', 8],
    ['OPTIONS sip:a@b SIP/2.0 \r\n\r\n', 'bad-start-line', 23],
    ['OPTIONS <sip:a@b> SIP/2.0\r\n\r\n', 'bad-start-line', 8],
    ['OPTIONS sip:a@b\r\n\r\n', 'bad-version', 7],
    ['OPTIONS sip:a@b SIP/2\r\n\r\n', 'bad-version', 16],
    ['OPT@ONS sip:a@b SIP/2.0\r\n\r\n', 'bad-start-line', 0],
    ['SIP/2.0 20 OK\r\n\r\n', 'bad-start-line', 8],
    ['SIP/2.0 2000 OK\r\n\r\n', 'bad-start-line', 8],
    ['SIP/2.0 099 Low\r\n\r\n', 'bad-start-line', 8],
    ['OPTIONS sip:a@b SIP/2.0\r\nNo colon here\r\n\r\n', 'bad-header-line', 25],
    ['OPTIONS sip:a@b SIP/2.0\r\nl: 0\r\nNo colon\r\nSubject: a:b\r\n\r\n', 'bad-header-line', 31],
    ['OPTIONS sip:a@b SIP/2.0\r\n: x\r\n\r\n', 'bad-header-line', 25],
    ['OPTIONS sip:a@b SIP/2.0\r\n folded: first\r\n\r\n', 'bad-header-line', 25],
    ['OPTIONS sip:a@b SIP/2.0\r\nl: -1\r\n\r\n', 'bad-content-length', 28],
    ['OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n\r\nab', 'multiple-content-length', 31],
    ['OPTIONS sip:a@b SIP/2.0\r\nl: 10\r\n\r\nshort', 'body-too-short', 39],
  ])('rejects %j with %s at offset %i', (input, code, offset) => {
    for (const data of [input, new TextEncoder().encode(input)]) {
      const r = parseMessage(data);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(code);
      expect(r.error.offset).toBe(offset);
      expect(r.error.status).toBe(400);
      expect(r.error.reason).not.toBe('');
    }
  });

  it('counts error offsets in octets for byte input', () => {
    const bytes = new TextEncoder().encode('OPTIONS sip:a@b SIP/2.0\r\nSubject: Zoë\r\nBad Name x\r\n\r\n');
    const r = parseMessage(bytes);
    expect(r.ok ? -1 : r.error.offset).toBe(40); // 'Zoë' takes 4 octets
  });

  it('answers an oversized message with 513', () => {
    const big = `MESSAGE sip:a@b SIP/2.0\r\nl: 100\r\n\r\n${'x'.repeat(100)}`;
    const r = parseMessage(big, { maxMessageSize: 64 });
    expect(r.ok ? 0 : r.error.status).toBe(513);
    expect(r.ok ? '' : r.error.code).toBe('too-large');
    const b = parseMessage(new TextEncoder().encode(big), { maxMessageSize: 64 });
    expect(b.ok ? 0 : b.error.status).toBe(513);
  });

  it('frames datagrams whose head or body is larger than the first decoded window', () => {
    const longHead = crlf(
      'MESSAGE sip:a@b SIP/2.0',
      `Subject: Zoë ${'z'.repeat(20_000)}`,
      'Call-ID: long',
      'l: 2',
      '',
      'ok',
    );
    const m = ok(new TextEncoder().encode(longHead));
    expect([m.callId, m.bodyText, m.header('subject')?.length]).toEqual(['long', 'ok', 20_004]);
    const body = 'b'.repeat(100_000);
    const big = ok(new TextEncoder().encode(crlf('MESSAGE sip:a@b SIP/2.0', `l: ${body.length}`, '', body)));
    expect(big.body.length).toBe(100_000);
    const r = parseMessage(
      new TextEncoder().encode(`MESSAGE sip:a@b SIP/2.0\r\nSubject: ${'z'.repeat(20_000)}\r\n`),
    );
    expect(r.ok ? '' : r.error.code).toBe('incomplete');
  });

  it('keeps the body as a view on the received bytes (no copy)', () => {
    const bytes = new TextEncoder().encode(crlf('MESSAGE sip:a@b SIP/2.0', 'l: 3', '', 'abc'));
    const m = ok(bytes);
    expect(m.body.buffer).toBe(bytes.buffer);
    expect(m.toBytes().buffer).toBe(bytes.buffer);
  });
});
