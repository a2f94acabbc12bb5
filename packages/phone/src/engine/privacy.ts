/**
 * Caller identity and privacy (RFC 3323, RFC 3325): the headers of a call
 * that hides our identity, and the identity shown for an incoming call
 * (P-Asserted-Identity when it came from the proxy the profile trusts).
 */
import {
  formatAddressOf,
  formatUri,
  type NameAddr,
  parseNameAddrList,
  type SipRequest,
} from '@twinkle/sip-core';
import type { ProfileState } from './profile-state.js';

/** The anonymous From of RFC 3323 section 4.1.1.3 (display name "Anonymous", as Twinkle sends it). */
export const ANONYMOUS_FROM = '"Anonymous" <sip:anonymous@anonymous.invalid>';

/**
 * Headers of an INVITE that hides our identity: `Privacy: id` asks the
 * network to withhold it (RFC 3323 section 4.2, RFC 3325 section 9.3);
 * `send_p_preferred_id` tells the proxy who we are in P-Preferred-Identity
 * (RFC 3325 section 9.2, Twinkle's rule: only when hiding), and
 * `send_p_asserted_id` asserts it (RFC 3325 section 9.1) for a trunk that
 * takes our assertion (the key of Twinkle's later GUI).
 */
export function privacyHeaders(profile: ProfileState, hide: boolean): [string, string][] {
  if (!hide) return [];
  const headers: [string, string][] = [['Privacy', 'id']];
  const p = profile.profile;
  if (p.sendPPreferredId) headers.push(['P-Preferred-Identity', profile.from]);
  if (p.sendPAssertedId) headers.push(['P-Asserted-Identity', profile.from]);
  return headers;
}

/** `host:port` of a server key (`proxy.example.com:5070;transport=tcp`, `sip:` optional), port 5060 by default. */
function hostPort(value: string): string | undefined {
  const m = /^(?:sips?:)?(?:[^@;]*@)?(\[[^\]]+\]|[^:;]+)(?::(\d+))?/i.exec(value.trim());
  if (!m || m[1] === undefined) return undefined;
  return `${m[1].toLowerCase()}:${m[2] ?? '5060'}`;
}

/**
 * Whether the INVITE's last hop is a proxy the profile trusts (RFC 3325
 * section 2, trust domain): its top Via names the profile's outbound proxy,
 * else its registrar. Twinkle has no key for this; the proxy the user sends
 * through is the one that vouches for callers.
 */
export function fromTrustedProxy(invite: SipRequest, profile: ProfileState): boolean {
  const via = invite.via?.[0];
  if (via === undefined) return false;
  const p = profile.profile;
  const server = p.outboundProxy !== '' ? p.outboundProxy : p.registrar;
  if (server === '') return false;
  const hop = `${via.host.toLowerCase()}:${via.port ?? 5060}`;
  return hostPort(server) === hop;
}

/**
 * The asserted identity of an INVITE (RFC 3325 section 9.1: one or two
 * values, at most one sip/sips and one tel URI): the SIP one first.
 * Undefined when there is none or it does not parse.
 */
export function assertedIdentity(invite: SipRequest): NameAddr | undefined {
  const values = invite.headers('p-asserted-identity');
  if (values.length === 0) return undefined;
  const list = parseNameAddrList(values.join(', '));
  if (!list.ok || list.value.length === 0) return undefined;
  return list.value.find((a) => a.uri.scheme === 'sip' || a.uri.scheme === 'sips') ?? list.value[0];
}

/** Who is calling, as the call shows it: P-Asserted-Identity from a trusted proxy, else From. */
export function shownCaller(
  invite: SipRequest,
  profile: ProfileState,
): { display: string; uri: string; text: string; asserted: boolean } | undefined {
  if (!fromTrustedProxy(invite, profile)) return undefined;
  const id = assertedIdentity(invite);
  if (id === undefined) return undefined;
  return {
    display: id.displayName ?? '',
    uri: formatUri(id.uri),
    text: formatAddressOf(id),
    asserted: true,
  };
}
