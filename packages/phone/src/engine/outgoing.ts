/**
 * The addresses and headers of an outgoing request from a profile: the
 * target as the user typed it (`bob`, `bob@example.com`, `sip:...`, a number), From
 * (anonymous when the identity is hidden), To with the chosen display name,
 * Subject, Privacy, and the profile's outbound proxy as route set.
 */
import {
  asNameAddr,
  formatAddressOf,
  isSipUri,
  type NameAddr,
  parseUri,
  preloadedRouteSet,
  type Uri,
  type UserAgent,
} from '@twinkle/sip-core';
import { expandDestination } from '../config/destination.js';
import { PhoneError } from './errors.js';
import type { OptionsResult } from './phone-options.js';
import { ANONYMOUS_FROM, privacyHeaders } from './privacy.js';
import type { ProfileState } from './profile-state.js';

/** The user part of a SIP URI, if any. */
export const userOf = (uri: Uri | undefined): string | undefined =>
  uri !== undefined && isSipUri(uri) ? uri.user : undefined;

/** What an outgoing INVITE or OPTIONS is built from. */
export interface OutgoingCall {
  readonly target: string;
  readonly from: string;
  readonly to: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The profile's outbound proxy as route set; undefined: the UserAgent's own. */
  readonly routeSet: readonly NameAddr[] | undefined;
  readonly fromParts: { display: string; uri: string };
  readonly toParts: { display: string; uri: string };
}

/**
 * A typed destination as a URI and display name, Twinkle's expand_destination
 * (config module): `bob` is in the profile's domain, phone numbers lose the
 * profile's separators and pass its number_conversion rules.
 */
export function expandTarget(text: string, profile: ProfileState): { uri: string; display: string } {
  const d = expandDestination(text, profile.profile);
  if (d === undefined || !parseUri(d.uri).ok)
    throw new PhoneError('bad-argument', `not a SIP address: ${text}`);
  return d;
}

/** sip_transport=tls: a sip: target without a transport is called as sips: (RFC 5630 section 3.1.3). */
const overTls = (uri: string, transport: string): string =>
  transport === 'tls' && /^sip:/i.test(uri) && !/;transport=/i.test(uri) ? `sips:${uri.slice(4)}` : uri;

/** Builds the addresses and headers of a call from a profile. */
export function outgoingRequest(
  profile: ProfileState,
  text: string,
  options: {
    subject?: string;
    display?: string;
    hideIdentity?: boolean;
    headers?: readonly (readonly [string, string])[];
  },
): OutgoingCall {
  const expanded = expandTarget(text, profile);
  const target = overTls(expanded.uri, profile.profile.sipTransport);
  const display = options.display ?? expanded.display;
  const to = display === '' ? `<${target}>` : `${JSON.stringify(display)} <${target}>`;
  const from = options.hideIdentity === true ? ANONYMOUS_FROM : profile.from;
  const headers: [string, string][] = [];
  if (options.subject !== undefined && options.subject !== '') headers.push(['Subject', options.subject]);
  // Privacy: id, and P-Preferred-Identity / P-Asserted-Identity as the profile says (privacy.ts).
  headers.push(...privacyHeaders(profile, options.hideIdentity === true));
  for (const [name, value] of options.headers ?? []) headers.push([name, value]);
  const proxy = profile.proxyUri;
  const proxyUri = proxy === undefined ? undefined : parseUri(proxy);
  if (proxyUri !== undefined && !proxyUri.ok)
    throw new PhoneError('bad-argument', `bad outbound proxy: ${proxy}`);
  const fromAddr = asNameAddr(from);
  return {
    target,
    from,
    to,
    headers,
    routeSet: proxyUri?.ok ? preloadedRouteSet({ outboundProxy: proxyUri.value }) : undefined,
    fromParts: {
      display: fromAddr.displayName ?? '',
      uri: formatAddressOf({ ...fromAddr, displayName: undefined, bracketed: false }),
    },
    toParts: { display, uri: target },
  };
}

/** `"Name" <uri>` of a From or To. */
export const formatAddress = (a: NameAddr): string => formatAddressOf(a);

/** OPTIONS to a URI typed by the user (RFC 3261 section 11): what it answers. */
export async function sendOptions(
  ua: UserAgent,
  profile: ProfileState,
  text: string,
): Promise<OptionsResult> {
  const out = outgoingRequest(profile, text, {});
  try {
    // UserAgent.request takes the UserAgent's route set: a profile's own outbound proxy is not used here.
    const r = await ua.request('OPTIONS', out.target, { headers: { Accept: 'application/sdp' } });
    const allow = r.header('allow');
    const accept = r.header('accept');
    return {
      status: r.status,
      reason: r.reason,
      ...(allow === undefined ? {} : { allow }),
      ...(accept === undefined ? {} : { accept }),
    };
  } catch (error) {
    throw new PhoneError('request-failed', `OPTIONS failed: ${(error as Error).message}`);
  }
}
