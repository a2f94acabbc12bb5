/**
 * Lists of tokens: Require, Supported, Unsupported, Proxy-Require, Allow,
 * Allow-Events (comma-separated), and Privacy (RFC 3323, `;`-separated).
 */
import { isClass, TOKEN } from '../grammar/chars.js';
import { fail, ok, type Result } from '../grammar/result.js';

const isToken = (s: string): boolean => {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isClass(s.charCodeAt(i), TOKEN)) return false;
  return true;
};

const parseSeparated = (value: string, sep: string, code: string, allowEmpty: boolean): Result<string[]> => {
  const out: string[] = [];
  if (value.trim() === '') return allowEmpty ? ok(out) : fail(code, 'empty value', 0);
  let offset = 0;
  for (const raw of value.split(sep)) {
    const item = raw.trim();
    if (!isToken(item)) return fail(code, item === '' ? 'empty list element' : 'invalid token', offset);
    out.push(item);
    offset += raw.length + 1;
  }
  return ok(out);
};

/**
 * Parses a comma-separated token list (Require, Supported, Unsupported,
 * Proxy-Require, Allow, Allow-Events). An empty value gives `[]`
 * (Supported and Allow may be empty, RFC 3261 sections 20.5 and 20.37).
 */
export const parseTokenList = (value: string): Result<string[]> =>
  parseSeparated(value, ',', 'bad-token-list', true);

/** Parses Privacy (RFC 3323 section 4.2): `priv-value *(";" priv-value)`, at least one. */
export const parsePrivacy = (value: string): Result<string[]> =>
  parseSeparated(value, ';', 'bad-privacy', false);
