/**
 * message/sipfrag (RFC 3420) as the REFER package uses it (RFC 3515
 * section 2.4.5): the status line of the response the referee got for the
 * triggered request, optionally followed by header fields.
 */
import { fail, ok, type Result } from '../../grammar/result.js';
import { reasonPhrase } from '../../message/reason-phrases.js';

/** The media type of REFER NOTIFY bodies. */
export const SIPFRAG_TYPE = 'message/sipfrag';

/** A sipfrag that starts with a status line. */
export interface SipfragStatus {
  readonly status: number;
  readonly reason: string;
  /** Header lines after the status line, as written. */
  readonly headers: readonly { readonly name: string; readonly value: string }[];
}

const STATUS_LINE = /^SIP\/2\.0[ \t]+([1-6]\d\d)(?:[ \t]+([^\r\n]*))?$/i;

/** Parses a sipfrag body whose first line is a status line (`SIP/2.0 200 OK`); a request-line sipfrag is an error here. */
export function parseSipfragStatus(body: Uint8Array | string): Result<SipfragStatus> {
  const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: false }).decode(body);
  const lines = text.split(/\r?\n/);
  const m = STATUS_LINE.exec(lines[0]?.trim() ?? '');
  if (m === null) return fail('bad-sipfrag', 'sipfrag without a status line', 0);
  const headers: { name: string; value: string }[] = [];
  for (const line of lines.slice(1)) {
    if (line === '') break; // the fragment's body follows (RFC 3420 2)
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return ok({ status: Number(m[1]), reason: (m[2] ?? '').trim(), headers });
}

/** The sipfrag for a status: `SIP/2.0 180 Ringing` and CRLF (RFC 3515 2.4.5: the status line at least). */
export function formatSipfragStatus(status: number, reason = reasonPhrase(status)): string {
  if (!Number.isInteger(status) || status < 100 || status > 699) throw new RangeError(`bad status ${status}`);
  return `SIP/2.0 ${status} ${reason}\r\n`;
}
