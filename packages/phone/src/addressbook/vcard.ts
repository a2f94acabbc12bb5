/**
 * vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) contacts, the parts a phone
 * needs: the name (N, FN), SIP addresses (IMPP:sip:, X-SIP, a TEL or URL
 * holding a sip: URI, as KAddressBook, Evolution and phones write them),
 * phone numbers (TEL), a note and the photo (inline base64 in both
 * versions' forms, or a URI). Reading never throws: a card without a name
 * or an address is still returned; bad lines are reported.
 */

/** One address of a contact. */
export interface VcardAddress {
  readonly kind: 'sip' | 'tel';
  /** `sip:bob@example.com`, or a number as written (`+31 20 123 4567`). */
  readonly value: string;
  /** TYPE parameters, lower case: `cell`, `work`, `home`, `voice`... */
  readonly types: readonly string[];
}

export interface VcardPhoto {
  /** `image/jpeg`, `image/png`... */
  readonly mediaType: string;
  readonly data?: Uint8Array;
  /** A photo given by reference. */
  readonly uri?: string;
}

export interface Vcard {
  /** N: family name, given name, additional names (Twinkle's infix), prefixes, suffixes. */
  readonly family: string;
  readonly given: string;
  readonly additional: string;
  readonly prefix: string;
  readonly suffix: string;
  /** FN, the formatted name. */
  readonly formatted: string;
  readonly addresses: readonly VcardAddress[];
  readonly note: string;
  readonly photo?: VcardPhoto;
}

interface Property {
  readonly name: string;
  readonly params: ReadonlyMap<string, readonly string[]>;
  readonly value: string;
}

/** Joins folded lines (RFC 6350 section 3.2: CRLF followed by a space or tab). */
function unfold(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r\n|\n|\r/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && out.length > 0) out[out.length - 1] += raw.slice(1);
    else out.push(raw);
  }
  return out;
}

/** Splits at `sep` outside double quotes. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (const c of s) {
    if (c === '"') q = !q;
    if (c === sep && !q) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function parseProperty(line: string): Property | undefined {
  // The value starts at the first ':' outside a quoted parameter value.
  let q = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') q = !q;
    else if (line[i] === ':' && !q) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return undefined;
  const [nameWithGroup = '', ...rawParams] = splitOutsideQuotes(line.slice(0, colon), ';');
  const name = nameWithGroup.slice(nameWithGroup.lastIndexOf('.') + 1).toUpperCase();
  const params = new Map<string, string[]>();
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    // vCard 2.1 style bare parameters (TEL;CELL): a TYPE.
    const key = eq < 0 ? 'TYPE' : p.slice(0, eq).toUpperCase();
    const values = eq < 0 ? [p] : splitOutsideQuotes(p.slice(eq + 1), ',');
    const list = params.get(key) ?? [];
    for (const v of values) list.push(v.replace(/^"|"$/g, ''));
    params.set(key, list);
  }
  return { name, params, value: line.slice(colon + 1) };
}

/** Undoes text escapes (RFC 6350 section 3.4): \n, \, \; \\ . */
function unescapeText(s: string): string {
  return s.replace(/\\([nN,;\\:])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Splits a structured value (N) at unescaped `;`, then unescapes each part. */
function components(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i];
    } else if (c === ';') {
      out.push(unescapeText(cur));
      cur = '';
    } else cur += c;
  }
  out.push(unescapeText(cur));
  return out;
}

const types = (p: Property): string[] =>
  (p.params.get('TYPE') ?? [])
    .flatMap((t) => t.split(','))
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');

function decodeBase64(s: string): Uint8Array | undefined {
  const clean = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

function photoOf(p: Property): VcardPhoto | undefined {
  const v = p.value.trim();
  const data = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(v);
  if (data) {
    const bytes = data[2] ? decodeBase64(data[3]!) : new TextEncoder().encode(decodeURIComponent(data[3]!));
    return bytes === undefined
      ? undefined
      : { mediaType: data[1] ?? 'application/octet-stream', data: bytes };
  }
  const encoding = (p.params.get('ENCODING') ?? [])[0]?.toLowerCase();
  if (encoding === 'b' || encoding === 'base64') {
    const bytes = decodeBase64(v);
    const t = types(p)[0] ?? 'jpeg';
    return bytes === undefined ? undefined : { mediaType: t.includes('/') ? t : `image/${t}`, data: bytes };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(v)) {
    const mt = (p.params.get('MEDIATYPE') ?? [])[0] ?? `image/${types(p)[0] ?? 'jpeg'}`;
    return { mediaType: mt, uri: v };
  }
  return undefined;
}

/** A SIP URI from an IMPP, X-SIP, TEL or URL value, or undefined. */
function sipOf(value: string): string | undefined {
  const v = value.trim();
  if (/^sips?:/i.test(v)) return v.replace(/^(sips?):/i, (_m, s: string) => `${s.toLowerCase()}:`);
  return undefined;
}

/** Every vCard in a text (3.0 and 4.0; 2.1 files read as far as they agree). */
export function parseVcards(text: string): { cards: Vcard[]; problems: string[] } {
  const cards: Vcard[] = [];
  const problems: string[] = [];
  let props: Property[] | undefined;
  unfold(text).forEach((line, i) => {
    if (line.trim() === '') return;
    const p = parseProperty(line);
    if (p === undefined) {
      problems.push(`line ${i + 1}: not a property`);
      return;
    }
    if (p.name === 'BEGIN' && p.value.trim().toUpperCase() === 'VCARD') props = [];
    else if (p.name === 'END' && p.value.trim().toUpperCase() === 'VCARD') {
      if (props) cards.push(cardOf(props));
      props = undefined;
    } else if (props) props.push(p);
  });
  if (props) problems.push('the last vCard has no END:VCARD');
  return { cards, problems };
}

function cardOf(props: readonly Property[]): Vcard {
  let n = ['', '', '', '', ''];
  let formatted = '';
  let note = '';
  let photo: VcardPhoto | undefined;
  const addresses: VcardAddress[] = [];
  const add = (a: VcardAddress) => {
    if (a.value !== '' && !addresses.some((x) => x.kind === a.kind && x.value === a.value)) addresses.push(a);
  };
  for (const p of props) {
    switch (p.name) {
      case 'N':
        n = [...components(p.value), '', '', '', '', ''].slice(0, 5);
        break;
      case 'FN':
        formatted = unescapeText(p.value).trim();
        break;
      case 'NOTE':
        note = unescapeText(p.value).trim();
        break;
      case 'PHOTO':
        photo = photoOf(p) ?? photo;
        break;
      case 'TEL': {
        const v = unescapeText(p.value).trim();
        const sip = sipOf(v);
        if (sip) add({ kind: 'sip', value: sip, types: types(p) });
        else add({ kind: 'tel', value: v.replace(/^tel:/i, '').split(';')[0]!, types: types(p) });
        break;
      }
      case 'IMPP':
      case 'URL':
      case 'X-SIP':
      case 'X-KADDRESSBOOK-X-SIP':
      case 'X-EVOLUTION-SIP': {
        const v = unescapeText(p.value).trim();
        const sip = sipOf(v) ?? (p.name.includes('SIP') && v !== '' ? `sip:${v}` : undefined);
        if (sip) add({ kind: 'sip', value: sip, types: types(p) });
        break;
      }
      default:
        break;
    }
  }
  return {
    family: n[0]!.trim(),
    given: n[1]!.trim(),
    additional: n[2]!.trim(),
    prefix: n[3]!.trim(),
    suffix: n[4]!.trim(),
    formatted,
    addresses,
    note,
    ...(photo === undefined ? {} : { photo }),
  };
}

const escapeText = (s: string): string => s.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r\n|\n|\r/g, '\\n');

/** Folds a content line at 75 octets (RFC 6350 section 3.2), never inside a UTF-8 sequence. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // continuation lines start with a space
  }
  return parts.join('\r\n ');
}

/** Writes contacts as vCard 3.0 or 4.0 text (CRLF line ends, folded lines). */
export function formatVcards(cards: readonly Vcard[], version: '3.0' | '4.0' = '4.0'): string {
  const out: string[] = [];
  for (const c of cards) {
    const lines = ['BEGIN:VCARD', `VERSION:${version}`];
    lines.push(`N:${[c.family, c.given, c.additional, c.prefix, c.suffix].map(escapeText).join(';')}`);
    const fn =
      c.formatted || [c.prefix, c.given, c.additional, c.family, c.suffix].filter((s) => s).join(' ');
    lines.push(`FN:${escapeText(fn)}`);
    for (const a of c.addresses) {
      const t = a.types.length === 0 ? '' : `;TYPE=${a.types.join(',')}`;
      if (a.kind === 'tel')
        lines.push(
          version === '4.0' ? `TEL;VALUE=uri${t}:tel:${a.value.replace(/\s+/g, '')}` : `TEL${t}:${a.value}`,
        );
      else
        lines.push(
          version === '4.0' ? `IMPP${t}:${a.value}` : `X-SIP${t}:${a.value}`,
          ...(version === '3.0' ? [`IMPP:${a.value}`] : []),
        );
    }
    if (c.note !== '') lines.push(`NOTE:${escapeText(c.note)}`);
    const ph = c.photo;
    if (ph?.data !== undefined) {
      const b64 = Buffer.from(ph.data).toString('base64');
      lines.push(
        version === '4.0'
          ? `PHOTO:data:${ph.mediaType};base64,${b64}`
          : `PHOTO;ENCODING=b;TYPE=${ph.mediaType.replace(/^image\//, '').toUpperCase()}:${b64}`,
      );
    } else if (ph?.uri !== undefined) {
      lines.push(
        version === '4.0' ? `PHOTO;MEDIATYPE=${ph.mediaType}:${ph.uri}` : `PHOTO;VALUE=uri:${ph.uri}`,
      );
    }
    lines.push('END:VCARD');
    out.push(...lines.map(fold));
  }
  return out.length === 0 ? '' : `${out.join('\r\n')}\r\n`;
}
