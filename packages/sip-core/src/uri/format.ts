/**
 * URI serialization and accessors. Parsed URIs keep their components as
 * written (escaped), so formatting one gives back its text; the only
 * normalizations are a lower-case `sip`/`sips`/`tel` scheme and a port
 * without leading zeros.
 */
import type { OpaqueUri, SipUri, TelUri, Uri, UriParam } from './types.js';

/** True for `sip:` and `sips:` URIs. */
export const isSipUri = (u: Uri): u is SipUri => 'host' in u;

/** True for `tel:` URIs. */
export const isTelUri = (u: Uri): u is TelUri => 'number' in u;

/** True for URIs of any other scheme, kept as opaque text. */
export const isOpaqueUri = (u: Uri): u is OpaqueUri => 'opaque' in u;

const appendParams = (out: string, params: readonly UriParam[]): string => {
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    out += p.value === undefined ? `;${p.name}` : `;${p.name}=${p.value}`;
  }
  return out;
};

/** Serializes a URI (exact for parsed URIs, canonical for built ones). */
export const formatUri = (uri: Uri): string => {
  if (isSipUri(uri)) {
    let out = `${uri.scheme}:`;
    if (uri.user !== undefined) {
      out += uri.password === undefined ? `${uri.user}@` : `${uri.user}:${uri.password}@`;
    }
    out += uri.host;
    if (uri.port !== undefined) out += `:${uri.port}`;
    out = appendParams(out, uri.params);
    const headers = uri.headers;
    for (let i = 0; i < headers.length; i++) {
      const h = headers[i]!;
      out += `${i === 0 ? '?' : '&'}${h.name}=${h.value ?? ''}`;
    }
    return out;
  }
  if (isTelUri(uri)) return appendParams(`tel:${uri.number}`, uri.params);
  return `${uri.scheme}:${uri.opaque}`;
};

/**
 * A URI parameter by name (case-insensitive, RFC 3261 section 19.1.4):
 * `null` when absent, `undefined` when present as a flag (`;lr`), else the
 * value as written (escaped).
 */
export const uriParam = (uri: SipUri | TelUri, name: string): string | undefined | null => {
  const params = uri.params;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p.name.length === name.length && p.name.toLowerCase() === name.toLowerCase()) return p.value;
  }
  return null;
};

/** True when the URI has parameter `name` (with or without a value). */
export const hasUriParam = (uri: SipUri | TelUri, name: string): boolean => uriParam(uri, name) !== null;

/** A header embedded in a SIP URI (`?name=value`), name case-insensitive; value escaped as written. */
export const uriHeader = (uri: SipUri, name: string): string | undefined => {
  const lname = name.toLowerCase();
  for (const h of uri.headers) if (h.name.toLowerCase() === lname) return h.value;
  return undefined;
};
