/**
 * Warning (RFC 3261 section 20.43): `warn-code SP warn-agent SP warn-text`, comma-separated.
 */
import { DIGIT, isClass, TOKEN } from '../grammar/chars.js';
import { fail, ok, type Result } from '../grammar/result.js';
import { quoteString, scanQuoted, skipWs, unquote } from '../grammar/scan.js';
import { splitCommaListAt } from './split.js';
import type { Warning } from './types.js';

const CODE = 'bad-warning';

/** warn-agent = hostport / pseudonym: token characters plus `:`, `[`, `]` for a host and port. */
const isAgentChar = (c: number): boolean => isClass(c, TOKEN) || c === 0x3a || c === 0x5b || c === 0x5d;

const parseWarning = (text: string): Result<Warning> => {
  const end = text.length;
  // warn-code = 3DIGIT (RFC 4475 scalarlg has 1812).
  if (
    end < 4 ||
    !isClass(text.charCodeAt(0), DIGIT) ||
    !isClass(text.charCodeAt(1), DIGIT) ||
    !isClass(text.charCodeAt(2), DIGIT) ||
    (text.charCodeAt(3) !== 0x20 && text.charCodeAt(3) !== 0x09)
  )
    return fail(CODE, 'bad warn-code', 0);
  const code = Number(text.slice(0, 3));
  let i = skipWs(text, 3, end);
  const aStart = i;
  while (i < end && isAgentChar(text.charCodeAt(i))) i++;
  if (i === aStart) return fail(CODE, 'missing warn-agent', i);
  const agent = text.slice(aStart, i);
  const tStart = skipWs(text, i, end);
  if (tStart === i || tStart >= end || text.charCodeAt(tStart) !== 0x22)
    return fail(CODE, 'missing warn-text', tStart);
  const q = scanQuoted(text, tStart, end);
  if (q < 0) return fail(CODE, 'unterminated quoted string', tStart);
  if (q !== end) return fail(CODE, 'unexpected character after warn-text', q);
  return ok({ code, agent, text: unquote(text, tStart, q) });
};

/** Parses one Warning line into its values; the text is unquoted. */
export const parseWarningList = (value: string): Result<Warning[]> => {
  const parts = splitCommaListAt(value);
  if (parts.length === 0) return fail(CODE, 'empty Warning', 0);
  const out: Warning[] = [];
  for (const { text: part, offset } of parts) {
    const r = parseWarning(part);
    if (!r.ok) return fail(CODE, r.error.reason, offset + r.error.offset);
    out.push(r.value);
  }
  return ok(out);
};

/** Serializes one warning value. */
export const formatWarning = (w: Warning): string =>
  `${String(w.code).padStart(3, '0')} ${w.agent} ${quoteString(w.text)}`;
