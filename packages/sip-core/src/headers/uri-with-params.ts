/**
 * Alert-Info, Call-Info, Error-Info (RFC 3261 sections 20.4, 20.9, 20.18):
 * `LAQUOT absoluteURI RAQUOT *( SEMI generic-param )`, comma-separated.
 */
import { fail, ok, type Result } from '../grammar/result.js';
import { skipWs } from '../grammar/scan.js';
import { parseUri } from '../uri/parse.js';
import type { UriParam } from '../uri/types.js';
import { formatParams, paramsError, scanParams } from './params.js';
import { splitCommaListAt } from './split.js';
import type { UriWithParams } from './types.js';

const CODE = 'bad-info';

const parseOne = (text: string): Result<UriWithParams> => {
  const end = text.length;
  let i = skipWs(text, 0, end);
  if (i >= end || text.charCodeAt(i) !== 0x3c) return fail(CODE, 'expected "<"', i);
  const close = text.indexOf('>', i + 1);
  if (close < 0) return fail(CODE, 'missing ">"', end);
  const uri = text.slice(i + 1, close);
  const r = parseUri(uri);
  if (!r.ok) return fail(r.error.code, `bad URI: ${r.error.reason}`, i + 1 + r.error.offset);
  const params: UriParam[] = [];
  i = skipWs(text, close + 1, end);
  if (i < end) {
    if (text.charCodeAt(i) !== 0x3b) return fail(CODE, 'unexpected character after URI', i);
    const pEnd = scanParams(text, i, end, params);
    if (pEnd < 0) return fail(CODE, paramsError.reason, ~pEnd);
    if (pEnd < end) return fail(CODE, 'unexpected character in parameters', pEnd);
  }
  return ok({ uri, params });
};

/** Parses one Alert-Info/Call-Info/Error-Info line into its values; the URI is kept as text. */
export const parseUriWithParamsList = (value: string): Result<UriWithParams[]> => {
  const parts = splitCommaListAt(value);
  if (parts.length === 0) return fail(CODE, 'empty value', 0);
  const out: UriWithParams[] = [];
  for (const { text: part, offset } of parts) {
    const r = parseOne(part);
    if (!r.ok) return fail(r.error.code, r.error.reason, offset + r.error.offset);
    out.push(r.value);
  }
  return ok(out);
};

/** Serializes one `<uri>;params` value. */
export const formatUriWithParams = (v: UriWithParams): string => `<${v.uri}>${formatParams(v.params)}`;
