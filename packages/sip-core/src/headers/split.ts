/**
 * Splitting a header line into its comma-separated elements (RFC 3261
 * section 7.3.1), respecting quoted strings and `<...>`.
 */
import { isClass, WS } from '../grammar/chars.js';

/** One element of a comma-separated header value and where it starts in that value. */
export interface ListElement {
  readonly text: string;
  readonly offset: number;
}

/**
 * Splits `value` on top-level commas: commas inside a quoted-string (with
 * backslash escapes) or inside `<...>` do not split. Elements are trimmed;
 * empty elements are kept (as `''`) so that callers can reject them.
 * An empty or all-white-space value gives `[]`.
 */
export const splitCommaListAt = (value: string): ListElement[] => {
  const out: ListElement[] = [];
  const end = value.length;
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  const push = (s: number, e: number): void => {
    while (s < e && isClass(value.charCodeAt(s), WS)) s++;
    while (e > s && isClass(value.charCodeAt(e - 1), WS)) e--;
    out.push({ text: value.slice(s, e), offset: s });
  };
  for (let i = 0; i < end; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (inAngle) {
      if (c === 0x3e) inAngle = false;
    } else if (c === 0x3c) inAngle = true;
    else if (c === 0x2c) {
      push(start, i);
      start = i + 1;
    }
  }
  let s = start;
  while (s < end && isClass(value.charCodeAt(s), WS)) s++;
  if (s < end || out.length > 0) push(start, end);
  return out;
};

/** {@link splitCommaListAt} without the offsets. */
export const splitCommaList = (value: string): string[] => splitCommaListAt(value).map((e) => e.text);
