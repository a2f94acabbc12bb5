/** UTF-8 conversions shared by the parser and the builders. */
import { Buffer } from 'node:buffer';

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/**
 * Decodes UTF-8, replacing malformed sequences with U+FFFD (never throws).
 * Bytes that are all ASCII (nearly every SIP message) are copied as Latin-1,
 * which gives the same text without the decoder's work. The copy is made
 * first and checked after: its UTF-8 length equals its length only when no
 * character is above 0x7f (one native call that counts without copying,
 * cheaper than testing the bytes in another call before).
 */
export const decodeUtf8 = (bytes: Uint8Array): string => {
  if (bytes.length === 0) return '';
  const latin1 = latin1Slice.call(bytes, 0, bytes.length);
  if (Buffer.byteLength(latin1, 'utf8') === latin1.length) return latin1;
  return decoder.decode(bytes);
};

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;

/**
 * Buffer's own Latin-1 copy, what `toString('latin1')` calls after picking the
 * encoding by name; it takes any Uint8Array. Should a Node version drop it,
 * the documented path takes its place.
 */
const latin1Slice: Latin1Slice =
  (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice ??
  function (this: Uint8Array, start: number, end: number): string {
    return Buffer.from(this.buffer, this.byteOffset, this.length).toString('latin1', start, end);
  };

export const encodeUtf8 = (text: string): Uint8Array => encoder.encode(text);

/** Octets that `text` takes in UTF-8, without encoding it. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
