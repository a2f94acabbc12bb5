import { readFileSync } from 'node:fs';

/** Reads a fixture copied byte-exact from the shared test data. */
export function readFixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
}

/** The body of a SIP message fixture: everything after the first empty line. */
export function sipBody(name: string): string {
  const bytes = readFixture(name);
  const at = bytes.indexOf('\r\n\r\n');
  if (at < 0) throw new Error(`${name}: no end of headers`);
  return bytes.subarray(at + 4).toString('utf8');
}

/** LF-separated SDP (as written in tests) with CRLF line ends, as on the wire. */
export const crlf = (text: string): string => `${text.trim().split('\n').join('\r\n')}\r\n`;
