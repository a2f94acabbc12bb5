/**
 * Small readers of the headers INVITE sessions care about: option tags
 * (Supported, Require), Allow, the session body, Contact lists; and the
 * checks of the target and addresses a caller gives an outgoing call.
 */
import { formatFromTo, formatNameAddr, parseFromTo } from '../headers/index.js';
import type { FieldInit } from '../message/assemble.js';
import type { SipMessage } from '../message/sip-message.js';
import { parseUri } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import { SessionError } from './errors.js';
import type { Body } from './types.js';

/** Whether `header` (Supported, Require...) lists `tag` (option tags compare case-insensitively, RFC 3261 19.2). */
export function hasOptionTag(m: SipMessage, header: 'supported' | 'require', tag: string): boolean {
  const list = m.get(header) ?? [];
  return list.some((t) => t.toLowerCase() === tag);
}

/** Whether the peer allows a method (Allow header; absent means unknown, RFC 3261 20.5). */
export function allowsMethod(m: SipMessage | undefined, method: string): boolean {
  const allow = m?.get('allow');
  return allow?.some((a) => a.toUpperCase() === method) === true;
}

/**
 * The session description a message carries (RFC 3261 13.2.1): a body with a
 * Content-Type whose disposition is `session` (the default for SDP).
 */
export function sessionBody(m: SipMessage): Body | undefined {
  if (m.body.length === 0) return undefined;
  const ct = m.header('content-type');
  if (ct === undefined) return undefined;
  const disp = m.get('content-disposition');
  if (disp !== undefined && disp.value.toLowerCase() !== 'session') return undefined;
  return { contentType: ct, body: m.body };
}

/** The Contact values of a response, as written (for 3xx, RFC 3261 8.1.3.4). */
export function contactList(m: SipMessage): string[] {
  const c = m.contact;
  if (c === undefined || c === '*') return [];
  return c.map((v) => formatNameAddr(v));
}

/** Headers from `[name, value]` pairs. */
export const fields = (pairs: readonly (readonly [string, string])[] | undefined): FieldInit[] =>
  (pairs ?? []).map(([name, value]) => ({ name, value }));

/** Equal bytes. */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The Reason header (RFC 3326) of a BYE or CANCEL as text for the
 * application, e.g. `SIP 200 Call completed elsewhere` (RFC 3326 section 2).
 */
export function reasonText(m: SipMessage): { text: string } | Record<string, never> {
  const r = m.get('reason')?.[0];
  if (r === undefined) return {};
  const parts = [r.protocol, r.cause === undefined ? undefined : String(r.cause), r.text];
  return { text: parts.filter((p) => p !== undefined).join(' ') };
}

/** A call target as a URI; a string that does not parse is a caller error. */
export const asUri = (u: Uri | string): Uri => {
  if (typeof u !== 'string') return u;
  const r = parseUri(u);
  if (!r.ok) throw new SessionError('invalid-state', `bad target URI: ${u}`);
  return r.value;
};

/** A From or To address as given by the caller, checked and in canonical form. */
export const asAddress = (text: string): string => {
  const r = parseFromTo(text);
  if (!r.ok) throw new SessionError('invalid-state', `bad address: ${text}`);
  return formatFromTo(r.value);
};
