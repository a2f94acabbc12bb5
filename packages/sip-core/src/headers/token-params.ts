/**
 * The common shape `token *( SEMI generic-param )`: Event, Subscription-State,
 * Content-Disposition, Session-Expires, Reason, Replaces.
 */
import { isClass, TOKEN } from '../grammar/chars.js';
import { fail, ok, type Result } from '../grammar/result.js';
import { skipWs } from '../grammar/scan.js';
import type { UriParam } from '../uri/types.js';
import { paramsError, scanParams } from './params.js';
import type { TokenWithParams } from './types.js';

const EMPTY: readonly UriParam[] = Object.freeze([]);

/**
 * Parses `lead *( SEMI generic-param )` where `lead` is a token, or a run of
 * characters accepted by `isLead` when given (a Call-ID, delta-seconds...).
 */
export const parseLeadWithParams = (
  value: string,
  code: string,
  isLead: (c: number) => boolean = (c) => isClass(c, TOKEN),
): Result<TokenWithParams> => {
  const end = value.length;
  let i = skipWs(value, 0, end);
  const start = i;
  while (i < end && isLead(value.charCodeAt(i))) i++;
  if (i === start) return fail(code, 'missing value', i);
  const lead = value.slice(start, i);
  i = skipWs(value, i, end);
  let params = EMPTY;
  if (i < end) {
    if (value.charCodeAt(i) !== 0x3b) return fail(code, 'unexpected character', i);
    const list: UriParam[] = [];
    const pEnd = scanParams(value, i, end, list);
    if (pEnd < 0) return fail(code, paramsError.reason, ~pEnd);
    if (pEnd < end) return fail(code, 'unexpected character in parameters', pEnd);
    params = list;
  }
  return ok({ value: lead, params });
};
