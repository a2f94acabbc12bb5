/**
 * fmtp parameter text (RFC 8866 section 6.15) as name/value pairs and back,
 * for codecs that describe their parameters as a record. The common form is
 * `name=value` separated by `;` (RFC 4855 section 3); a bare token such as
 * telephone-event's `0-15` becomes a name with an empty value.
 */
export function parseFmtpParams(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of (text ?? '').split(';')) {
    const trimmed = item.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0) out[trimmed] = '';
    else out[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim();
  }
  return out;
}

/** Writes parameters back as `name=value;name=value` (bare names for empty values). */
export function formatFmtpParams(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`))
    .join(';');
}
