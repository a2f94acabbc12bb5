/**
 * header-params / generic-params (RFC 3261 section 25.1):
 * `*( SEMI generic-param )`, `generic-param = token [ EQUAL gen-value ]`,
 * `gen-value = token / host / quoted-string`, with LWS allowed around `;` and `=`.
 */
import { GEN_VALUE, isClass, TOKEN } from '../grammar/chars.js';
import { scanQuoted, skipWs } from '../grammar/scan.js';
import type { UriParam } from '../uri/types.js';
import type { Params } from './types.js';

/** Reason for the last failure of {@link scanParams}; valid right after a negative return. */
export const paramsError = { reason: '' };

/**
 * Scans header parameters from `pos` (at or before the first `;`), pushing
 * them to `out`. Quoted values keep their quotes, so formatting is exact.
 * Returns the position after the last parameter and its trailing white
 * space, or the bitwise complement of the error offset (see {@link paramsError}).
 */
export const scanParams = (text: string, pos: number, end: number, out: UriParam[]): number => {
  let i = skipWs(text, pos, end);
  while (i < end && text.charCodeAt(i) === 0x3b) {
    i = skipWs(text, i + 1, end);
    const nameStart = i;
    while (i < end && isClass(text.charCodeAt(i), TOKEN)) i++;
    if (i === nameStart) {
      paramsError.reason = i < end && text.charCodeAt(i) === 0x3b ? 'empty parameter' : 'bad parameter name';
      return ~i;
    }
    const name = text.slice(nameStart, i);
    let value: string | undefined;
    let j = skipWs(text, i, end);
    if (j < end && text.charCodeAt(j) === 0x3d) {
      j = skipWs(text, j + 1, end);
      const valueStart = j;
      if (j < end && text.charCodeAt(j) === 0x22) {
        j = scanQuoted(text, j, end);
        if (j < 0) {
          paramsError.reason = 'unterminated quoted string';
          return ~valueStart;
        }
      } else {
        while (j < end && isClass(text.charCodeAt(j), GEN_VALUE)) j++;
        if (j === valueStart) {
          paramsError.reason = 'bad parameter value';
          return ~j;
        }
      }
      value = text.slice(valueStart, j);
      i = j;
    }
    out.push({ name, value });
    i = skipWs(text, i, end);
  }
  return i;
};

/** True when `name` equals `lower` (already lower-case ASCII), ignoring case. */
export const nameIs = (name: string, lower: string): boolean => {
  if (name === lower) return true; // the usual spelling: one native comparison
  if (name.length !== lower.length) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
};

/**
 * A parameter by name (case-insensitive): `null` when absent, `undefined` for
 * a flag, else the value as written (quoted values keep their quotes).
 */
export const findParam = (params: Params, lowerName: string): string | undefined | null => {
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (nameIs(p.name, lowerName)) return p.value;
  }
  return null;
};

/** Serializes parameters as `;name=value;flag` (values written as given). */
export const formatParams = (params: Params): string => {
  let out = '';
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    out += p.value === undefined ? `;${p.name}` : `;${p.name}=${p.value}`;
  }
  return out;
};

/**
 * Serializes parameters where some named ones are views held in fields
 * (Via `branch`, From `tag`...): a parameter in `params` whose name is in
 * `fields` is written with the field's value (`true` = flag, `undefined` =
 * dropped), in its original place; fields not in `params` follow, in the
 * order of `fields`.
 */
export const formatParamsWith = (
  params: Params,
  fields: readonly (readonly [string, string | number | true | undefined])[],
): string => {
  let out = '';
  let seen = 0;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    let k = 0;
    while (k < fields.length && !nameIs(p.name, fields[k]![0])) k++;
    if (k === fields.length) {
      out += p.value === undefined ? `;${p.name}` : `;${p.name}=${p.value}`;
      continue;
    }
    seen |= 1 << k;
    const v = fields[k]![1];
    if (v === undefined) continue;
    if (v === true) out += `;${p.name}`;
    else {
      const s = String(v);
      out += p.value !== undefined && unquoteMatch(p.value, s) ? `;${p.name}=${p.value}` : `;${p.name}=${s}`;
    }
  }
  for (let k = 0; k < fields.length; k++) {
    if (seen & (1 << k)) continue;
    const [name, v] = fields[k]!;
    if (v === undefined) continue;
    out += v === true ? `;${name}` : `;${name}=${v}`;
  }
  return out;
};

/** True when a written value (maybe quoted, maybe `1.0` for `1` or `007` for `7`) stands for `s`. */
const unquoteMatch = (written: string, s: string): boolean => {
  if (written === s) return true;
  if (written.charCodeAt(0) === 0x22) return written.slice(1, -1) === s;
  const num = /^\d+(\.\d+)?$/;
  return num.test(written) && num.test(s) && Number(written) === Number(s);
};
