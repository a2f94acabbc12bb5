/**
 * Contact (RFC 3261 section 20.10; RFC 5626 `+sip.instance`).
 */
import { fail, ok, type Result } from '../grammar/result.js';
import { readUint, UINT32_MAX, unquoteValue } from '../grammar/scan.js';
import { nameAddrScratch, scanNameAddr } from './name-addr.js';
import { formatAddressOf } from './name-addr-format.js';
import { findParam, formatParamsWith } from './params.js';
import { splitCommaListAt } from './split.js';
import type { Contact, ContactValue } from './types.js';

const CODE = 'bad-contact';

/** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) (RFC 3261 section 25.1). */
export const parseQValue = (s: string): number | undefined => {
  if (!/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(s)) return undefined;
  return Number(s);
};

/** Parses one Contact header line: `*`, or a list of name-addrs with `expires`, `q`, `+sip.instance`. */
export const parseContact = (value: string): Result<Contact> => {
  if (value === '*' || value.trim() === '*') return ok('*');
  const parts = value.indexOf(',') < 0 ? [{ text: value, offset: 0 }] : splitCommaListAt(value);
  if (parts.length === 0 || value.trim() === '') return fail(CODE, 'empty Contact', 0);
  const out: ContactValue[] = [];
  for (const { text: part, offset: base } of parts) {
    if (part === '*') return fail(CODE, '"*" mixed with addresses', base);
    const err = scanNameAddr(part, 0, part.length);
    if (err) return fail(err.error.code, err.error.reason, base + err.error.offset);
    const v = nameAddrScratch;
    let expires: number | undefined;
    let q: number | undefined;
    let instance: string | undefined;
    const e = findParam(v.params, 'expires');
    if (e !== null) {
      const n = e === undefined ? -1 : readUint(e, 0, e.length, UINT32_MAX);
      if (n < 0)
        return fail(
          e !== undefined && /^\d+$/.test(e) ? 'out-of-range' : CODE,
          'bad expires parameter',
          base,
        );
      expires = n;
    }
    const qs = findParam(v.params, 'q');
    if (qs !== null) {
      q = qs === undefined ? undefined : parseQValue(qs);
      if (q === undefined) return fail(CODE, 'bad q parameter', base);
    }
    const inst = findParam(v.params, '+sip.instance');
    if (inst !== null && inst !== undefined) instance = unquoteValue(inst);
    out.push({
      displayName: v.displayName,
      uri: v.uri,
      bracketed: v.bracketed,
      params: v.params,
      expires,
      q,
      instance,
    });
  }
  return ok(out);
};

/** Serializes one Contact value; `expires` and `q` fields win over the same parameters. */
export const formatContactValue = (v: ContactValue): string =>
  formatAddressOf(v) +
  formatParamsWith(v.params, [
    ['expires', v.expires],
    ['q', v.q],
    ['+sip.instance', v.instance === undefined ? undefined : `"${v.instance}"`],
  ]);

/** Serializes a Contact header value (`*` or comma-separated values). */
export const formatContact = (c: Contact): string => (c === '*' ? '*' : c.map(formatContactValue).join(', '));
