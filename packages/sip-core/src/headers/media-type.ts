/**
 * Content-Type and Accept (RFC 3261 sections 20.1 and 20.15; media types per RFC 2045).
 */
import { isClass, TOKEN } from '../grammar/chars.js';
import { fail, ok, type Result } from '../grammar/result.js';
import { skipWs } from '../grammar/scan.js';
import type { UriParam } from '../uri/types.js';
import { formatParams, paramsError, scanParams } from './params.js';
import { splitCommaListAt } from './split.js';
import type { MediaType } from './types.js';

const CODE = 'bad-media-type';
const EMPTY: readonly UriParam[] = Object.freeze([]);

const parseMediaTypeAt = (text: string): Result<MediaType> => {
  const end = text.length;
  let i = skipWs(text, 0, end);
  const tStart = i;
  while (i < end && isClass(text.charCodeAt(i), TOKEN)) i++;
  if (i === tStart) return fail(CODE, 'missing media type', i);
  const type = text.slice(tStart, i).toLowerCase();
  i = skipWs(text, i, end);
  if (i >= end || text.charCodeAt(i) !== 0x2f) return fail(CODE, 'expected "/" in media type', i);
  i = skipWs(text, i + 1, end);
  const sStart = i;
  while (i < end && isClass(text.charCodeAt(i), TOKEN)) i++;
  if (i === sStart) return fail(CODE, 'missing media subtype', i);
  const subtype = text.slice(sStart, i).toLowerCase();
  let params = EMPTY;
  i = skipWs(text, i, end);
  if (i < end) {
    if (text.charCodeAt(i) !== 0x3b) return fail(CODE, 'unexpected character after media type', i);
    const list: UriParam[] = [];
    const pEnd = scanParams(text, i, end, list);
    if (pEnd < 0) return fail(CODE, paramsError.reason, ~pEnd);
    if (pEnd < end) return fail(CODE, 'unexpected character in parameters', pEnd);
    params = list;
  }
  return ok({ type, subtype, params });
};

/** Parses Content-Type: `type/subtype;params`; type and subtype lower-cased, parameter values as written. */
export const parseMediaType = (value: string): Result<MediaType> => parseMediaTypeAt(value);

/** Parses Accept: a comma-separated list of media ranges (`*` allowed); an empty value gives `[]`. */
export const parseMediaTypeList = (value: string): Result<MediaType[]> => {
  const out: MediaType[] = [];
  for (const { text: part, offset } of splitCommaListAt(value)) {
    if (part === '') return fail(CODE, 'empty list element', offset);
    const r = parseMediaTypeAt(part);
    if (!r.ok) return fail(r.error.code, r.error.reason, offset + r.error.offset);
    out.push(r.value);
  }
  return ok(out);
};

/** Serializes a media type: `type/subtype;params`. */
export const formatMediaType = (m: MediaType): string => `${m.type}/${m.subtype}${formatParams(m.params)}`;
