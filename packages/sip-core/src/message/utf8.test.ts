import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8, utf8Length } from './utf8.js';

describe('decodeUtf8', () => {
  const ascii = 'INVITE sip:bob@example.com SIP/2.0\r\n\r\n';
  const utf8 = 'From: "Zoë ☎ 😀" <sip:z@example.com>\r\n';

  it('gives the same text for ASCII from a Buffer, a plain Uint8Array and a view inside a larger buffer', () => {
    const buffer = Buffer.from(ascii);
    const plain = new Uint8Array(buffer);
    const padded = new Uint8Array(buffer.length + 8);
    padded.set(buffer, 4);
    expect(decodeUtf8(buffer)).toBe(ascii);
    expect(decodeUtf8(plain)).toBe(ascii);
    expect(decodeUtf8(padded.subarray(4, 4 + buffer.length))).toBe(ascii);
  });

  it('decodes multi-octet UTF-8 as UTF-8, not Latin-1', () => {
    expect(decodeUtf8(Buffer.from(utf8))).toBe(utf8);
    expect(decodeUtf8(new Uint8Array(Buffer.from(utf8)))).toBe(utf8);
  });

  it('replaces malformed sequences instead of throwing', () => {
    expect(decodeUtf8(Uint8Array.of(0x41, 0xff, 0x42))).toBe('A\uFFFDB');
    expect(decodeUtf8(new Uint8Array(0))).toBe('');
  });

  it('round-trips with encodeUtf8 and measures octets like it', () => {
    expect(decodeUtf8(encodeUtf8(utf8))).toBe(utf8);
    expect(utf8Length(utf8)).toBe(encodeUtf8(utf8).length);
  });
});
