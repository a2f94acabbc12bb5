import { describe, expect, it } from 'vitest';
import { multipartBoundary, parseMultipart } from './multipart.js';
import { parseMessage } from './parse-message.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('multipart bodies (RFC 2046 section 5.1)', () => {
  it('reads the boundary, quoted or not', () => {
    expect(multipartBoundary('multipart/mixed;boundary=abc')).toBe('abc');
    expect(multipartBoundary('multipart/mixed; charset=x; BOUNDARY="a b:c"')).toBe('a b:c');
    expect(multipartBoundary('multipart/mixed')).toBeUndefined();
  });

  it('splits parts, drops preamble and epilogue, and keeps binary bodies', () => {
    const body = new Uint8Array([
      ...enc('preamble\r\n--xyz\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n\r\n--xyz  \r\n'),
      ...enc(
        'Content-Type: application/octet-stream\r\nContent-Disposition: signal;\r\n handling=optional\r\n\r\n',
      ),
      0,
      13,
      10,
      255,
      ...enc('\r\n--xyz--\r\nepilogue'),
    ]);
    const r = parseMultipart('xyz', body);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toHaveLength(2);
    expect(r.value[0]!.header('Content-Type')).toBe('application/sdp');
    expect(dec(r.value[0]!.body)).toBe('v=0\r\n');
    expect(r.value[1]!.header('content-disposition')).toBe('signal; handling=optional');
    expect([...r.value[1]!.body]).toEqual([0, 13, 10, 255]);
    expect(r.value[1]!.body.buffer).toBe(body.buffer);
  });

  it('accepts a part without header fields (default text/plain)', () => {
    const r = parseMultipart('b', enc('--b\r\n\r\nplain\r\n--b--'));
    expect(r.ok && r.value.map((p) => [p.fields.length, dec(p.body)])).toEqual([[0, 'plain']]);
  });

  it('does not take a boundary that is not at the start of a line', () => {
    const r = parseMultipart('b', enc('--b\r\n\r\nx--b y\r\n--b--'));
    expect(r.ok && dec(r.value[0]!.body)).toBe('x--b y');
  });

  it('returns errors, never throws, on broken bodies', () => {
    expect(parseMultipart('b', enc('no boundary here')).ok).toBe(false);
    expect(parseMultipart('b', enc('--b\r\n\r\nunterminated')).ok).toBe(false);
    expect(parseMultipart('b', enc('--bogus\r\n')).ok).toBe(false);
    expect(parseMultipart('', enc('--\r\n')).ok).toBe(false);
  });

  it('is reachable from a message through parts()', () => {
    const body = '--s\r\nContent-Type: text/plain\r\n\r\nhi\r\n--s--\r\n';
    const r = parseMessage(
      `MESSAGE sip:a@b SIP/2.0\r\nContent-Type: multipart/mixed;boundary=s\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    if (!r.ok) throw new Error('parse');
    const parts = r.message.parts();
    expect(parts.ok && parts.value.map((p) => dec(p.body))).toEqual(['hi']);
    const plain = parseMessage('MESSAGE sip:a@b SIP/2.0\r\nContent-Type: text/plain\r\nl: 0\r\n\r\n');
    expect(plain.ok && plain.message.parts().ok).toBe(false);
  });
});
