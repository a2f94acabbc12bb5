/**
 * Reading the bindings of a REGISTER 2xx (RFC 3261 10.2.4) and the REGISTER
 * Contact value we send (RFC 3261 10.2.1, RFC 5626 4.2).
 */
import type { ContactValue } from '../headers/types.js';
import type { SipResponse } from '../message/sip-message.js';
import { formatUri, parseUri, uriEquals } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import type { Binding } from './types.js';

const unquote = (s: string): string => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);

/** Whether a Contact of a 2xx is our binding: same URI (19.1.4) or, with outbound, the same instance. */
function isOurs(c: ContactValue, ours: Uri | undefined, instance: string | undefined): boolean {
  if (instance !== undefined && c.instance !== undefined && unquote(c.instance) === instance) return true;
  return ours !== undefined && uriEquals(c.uri, ours);
}

/** The bindings a 2xx lists, with the Expires header as the default lifetime (10.2.4). */
export function readBindings(
  response: SipResponse,
  ours: Uri | undefined,
  instance: string | undefined,
): Binding[] {
  const contact = response.contact;
  if (contact === undefined || contact === '*') return [];
  const expires = response.get('expires');
  return contact.map((c) => ({
    uri: formatUri(c.uri),
    expires: c.expires ?? expires,
    q: c.q,
    instance: c.instance === undefined ? undefined : unquote(c.instance),
    ours: isOurs(c, ours, instance),
  }));
}

/**
 * The lifetime the registrar granted our binding: its Contact's expires,
 * else the Expires header, else what we asked for (registrars must list
 * every binding, but some only echo Expires).
 */
export function grantedExpires(
  bindings: readonly Binding[],
  response: SipResponse,
  requested: number,
): number {
  const mine = bindings.find((b) => b.ours);
  return mine?.expires ?? response.get('expires') ?? requested;
}

/** The URI of a string or parsed value; undefined when the string does not parse. */
export function toUri(value: string | Uri): Uri | undefined {
  if (typeof value !== 'string') return value;
  const r = parseUri(value);
  return r.ok ? r.value : undefined;
}

/** `<urn:uuid:...>` with the angle brackets RFC 5626 4.1 wants. */
export const instanceValue = (id: string): string => (id.startsWith('<') ? id : `<${id}>`);
