/**
 * Reason (RFC 3326 section 2): `protocol *(SEMI reason-params)` with `cause` and `text`.
 */
import { fail, ok, type Result } from '../grammar/result.js';
import { readUint, unquoteValue } from '../grammar/scan.js';
import { findParam } from './params.js';
import { splitCommaListAt } from './split.js';
import { parseLeadWithParams } from './token-params.js';
import type { Reason } from './types.js';

const CODE = 'bad-reason';

/** Parses one Reason line into its comma-separated values; `text` is unquoted. */
export const parseReasonList = (value: string): Result<Reason[]> => {
  const parts = splitCommaListAt(value);
  if (parts.length === 0) return fail(CODE, 'empty Reason', 0);
  const out: Reason[] = [];
  for (const { text: part, offset } of parts) {
    const r = parseLeadWithParams(part, CODE);
    if (!r.ok) return fail(CODE, r.error.reason, offset + r.error.offset);
    const { params } = r.value;
    const c = findParam(params, 'cause');
    let cause: number | undefined;
    if (c !== null) {
      cause = c === undefined ? -1 : readUint(c, 0, c.length, 0xffffffff);
      if (cause < 0) return fail(CODE, 'bad cause parameter', offset);
    }
    const t = findParam(params, 'text');
    if (t === undefined) return fail(CODE, 'text without value', offset);
    out.push({ protocol: r.value.value, cause, text: t === null ? undefined : unquoteValue(t), params });
  }
  return ok(out);
};
