/**
 * The 400 (or 513) answer to a request that did not parse (RFC 3261 21.4.1,
 * 16.3 step 1), built from the few header fields a response needs: Via,
 * From, To, Call-ID and CSeq, read leniently from the raw bytes. Nothing is
 * answered when they are not all there, for responses, or for ACK.
 */
import { headerKey } from '../message/header-names.js';

const MAX_HEAD = 16_384;
const NEEDED = ['via', 'from', 'to', 'call-id', 'cseq'] as const;

/**
 * The bytes of the error response, or undefined when no response can (or
 * may) be built. `tag` is used for the To tag when the request's To has none.
 */
export function buildParseErrorResponse(
  data: Uint8Array,
  status: number,
  reason: string,
  tag: string,
): Uint8Array | undefined {
  const text = latin1Head(data);
  const lines = unfoldLines(text);
  const start = lines[0];
  if (start === undefined) return undefined;
  // Only requests get answers; a response line starts with SIP/.
  const m = /^([A-Za-z!%*_+`'~.-]+) +\S+ +SIP\/\d+\.\d+\s*$/.exec(start);
  if (m === null || m[1]!.toUpperCase() === 'ACK') return undefined;
  const found = new Map<string, string[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = headerKey(line.slice(0, colon).trim());
    if (!(NEEDED as readonly string[]).includes(name)) continue;
    const value = line.slice(colon + 1).trim();
    if (value === '') continue;
    const list = found.get(name);
    if (list === undefined) found.set(name, [value]);
    else list.push(value);
  }
  for (const n of NEEDED) if (!found.has(n)) return undefined;
  const cseq = found.get('cseq')![0]!;
  if (/\bACK\s*$/i.test(cseq)) return undefined;
  let to = found.get('to')![0]!;
  if (!/;\s*tag\s*=/i.test(to)) to = `${to};tag=${tag}`;
  const out = [`SIP/2.0 ${status} ${safeReason(reason)}`];
  for (const v of found.get('via')!) out.push(`Via: ${v}`);
  out.push(
    `From: ${found.get('from')![0]}`,
    `To: ${to}`,
    `Call-ID: ${found.get('call-id')![0]}`,
    `CSeq: ${cseq}`,
  );
  out.push('Content-Length: 0', '', '');
  return Buffer.from(out.join('\r\n'), 'latin1');
}

/** The header section as latin1 text (bytes kept 1:1 so they go back unchanged). */
function latin1Head(data: Uint8Array): string {
  let start = 0;
  while (start < data.length && (data[start] === 0x0d || data[start] === 0x0a)) start++;
  const end = Math.min(data.length, start + MAX_HEAD);
  const text = Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('latin1');
  const blank = text.search(/\r?\n\r?\n/);
  return blank < 0 ? text : text.slice(0, blank);
}

/** Header lines with continuation lines joined (RFC 3261 7.3.1). */
function unfoldLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && out.length > 1)
      out[out.length - 1] += ` ${line.trim()}`;
    else out.push(line);
  }
  return out;
}

/** A Reason-Phrase: printable, single line, bounded (RFC 3261 25.1). */
function safeReason(reason: string): string {
  const r = reason
    .replace(/[\x00-\x1f\x7f]+/g, ' ')
    .trim()
    .slice(0, 120);
  return r === '' ? 'Bad Request' : r;
}
