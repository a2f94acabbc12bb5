/**
 * Splitting a header line into its comma-separated elements (RFC 3261
 * section 7.3.1), respecting quoted strings and `<...>`.
 */

/**
 * Splits `value` on top-level commas: commas inside a quoted-string (with
 * backslash escapes) or inside `<...>` do not split. Elements are trimmed;
 * empty elements are kept (as `''`) so that callers can reject them.
 * An empty or all-white-space value gives `[]`.
 */
export const splitCommaList = (value: string): string[] => {
  const out: string[] = [];
  const end = value.length;
  let start = 0;
  let inQuote = false;
  let inAngle = false;
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
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
};
