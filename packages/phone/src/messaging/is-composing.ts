/**
 * The message composition indication of RFC 3994: an
 * application/im-iscomposing+xml body saying the peer is typing (`active`)
 * or stopped (`idle`), with the refresh interval of an active state.
 * Parsing never throws.
 */

export const IS_COMPOSING_TYPE = 'application/im-iscomposing+xml';

export interface IsComposing {
  readonly state: 'active' | 'idle';
  /** What is being composed (a MIME type, default text/plain). */
  readonly contentType?: string;
  /** Seconds the active state lasts without a refresh (RFC 3994 section 3.2; default 120 at the receiver). */
  readonly refresh?: number;
  /** When the last content was sent (idle state), ISO 8601 as written. */
  readonly lastActive?: string;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const tag = (xml: string, name: string): string | undefined => {
  const m = new RegExp(`<(?:[A-Za-z0-9_-]+:)?${name}\\b[^>]*>([^<]*)</(?:[A-Za-z0-9_-]+:)?${name}\\s*>`).exec(
    xml,
  );
  return m?.[1]?.trim().replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ENTITIES[e]!);
};

/** Reads an isComposing document; undefined when it is not one. */
export function parseIsComposing(body: Uint8Array | string): IsComposing | undefined {
  const xml = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: false }).decode(body);
  if (!/<(?:[A-Za-z0-9_-]+:)?isComposing\b/.test(xml)) return undefined;
  const state = tag(xml, 'state')?.toLowerCase();
  if (state !== 'active' && state !== 'idle') return undefined;
  const contentType = tag(xml, 'contenttype');
  const refreshText = tag(xml, 'refresh');
  const refresh =
    refreshText !== undefined && /^\d{1,6}$/.test(refreshText) ? Number(refreshText) : undefined;
  const lastActive = tag(xml, 'lastactive');
  return {
    state,
    ...(contentType === undefined || contentType === '' ? {} : { contentType }),
    ...(refresh === undefined ? {} : { refresh }),
    ...(lastActive === undefined || lastActive === '' ? {} : { lastActive }),
  };
}

const escapeXml = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** Writes an isComposing document (RFC 3994 section 4). */
export function formatIsComposing(c: IsComposing): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing">',
    `  <state>${c.state}</state>`,
  ];
  if (c.lastActive !== undefined) lines.push(`  <lastactive>${escapeXml(c.lastActive)}</lastactive>`);
  if (c.contentType !== undefined) lines.push(`  <contenttype>${escapeXml(c.contentType)}</contenttype>`);
  if (c.refresh !== undefined) lines.push(`  <refresh>${c.refresh}</refresh>`);
  lines.push('</isComposing>', '');
  return lines.join('\n');
}
