/**
 * PIDF presence documents (RFC 3863): the basic status (open/closed) of each
 * tuple and its note, read leniently (any namespace prefix) and written as a
 * minimal document with one tuple. Parsing never throws.
 */

export const PIDF_TYPE = 'application/pidf+xml';

export interface PidfTuple {
  readonly id: string;
  readonly basic?: 'open' | 'closed';
  readonly contact?: string;
  readonly note?: string;
}

export interface PidfDocument {
  readonly entity: string;
  readonly tuples: readonly PidfTuple[];
  readonly notes: readonly string[];
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decodeEntities = (s: string): string =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : ENTITIES[e]!,
  );
const escapeXml = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

const P = '(?:[A-Za-z0-9_.-]+:)?';

function inner(xml: string, name: string): string[] {
  const re = new RegExp(`<${P}${name}\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}${name}\\s*>)`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1] ?? '');
}

function attr(tagText: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tagText);
  return m === null ? undefined : decodeEntities(m[1] ?? m[2] ?? '');
}

/** Reads a PIDF document; undefined when the text has no `presence` element. */
export function parsePidf(body: Uint8Array | string): PidfDocument | undefined {
  const xml = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: false }).decode(body);
  const open = new RegExp(`<${P}presence\\b[^>]*>`).exec(xml);
  if (open === null) return undefined;
  const entity = attr(open[0], 'entity') ?? '';
  const tuples: PidfTuple[] = [];
  const tupleRe = new RegExp(`<${P}tuple\\b([^>]*)>([\\s\\S]*?)</${P}tuple\\s*>`, 'g');
  let rest = xml;
  for (const m of xml.matchAll(tupleRe)) {
    const body = m[2]!;
    const basic = inner(body, 'basic')[0]?.trim().toLowerCase();
    const contact = inner(body, 'contact')[0]?.trim();
    const note = inner(body, 'note')[0]?.trim();
    tuples.push({
      id: attr(` ${m[1]!}`, 'id') ?? '',
      ...(basic === 'open' || basic === 'closed' ? { basic } : {}),
      ...(contact === undefined || contact === '' ? {} : { contact: decodeEntities(contact) }),
      ...(note === undefined || note === '' ? {} : { note: decodeEntities(note) }),
    });
    rest = rest.replace(m[0], '');
  }
  // Notes of the presence element itself (outside tuples).
  const notes = inner(rest, 'note')
    .map((n) => decodeEntities(n.trim()))
    .filter((n) => n !== '');
  return { entity, tuples, notes };
}

/** The overall state: open when any tuple is open, closed when some are closed, else unknown. */
export function basicState(doc: PidfDocument): 'open' | 'closed' | 'unknown' {
  if (doc.tuples.some((t) => t.basic === 'open')) return 'open';
  if (doc.tuples.some((t) => t.basic === 'closed')) return 'closed';
  return 'unknown';
}

/** A PIDF document with one tuple (RFC 3863 section 4). */
export function formatPidf(
  entity: string,
  basic: 'open' | 'closed',
  options: { id?: string; note?: string } = {},
): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="${escapeXml(entity)}">`,
    `  <tuple id="${escapeXml(options.id ?? 'twinkle')}">`,
    `    <status><basic>${basic}</basic></status>`,
  ];
  if (options.note !== undefined) lines.push(`    <note>${escapeXml(options.note)}</note>`);
  lines.push('  </tuple>', '</presence>', '');
  return lines.join('\n');
}
