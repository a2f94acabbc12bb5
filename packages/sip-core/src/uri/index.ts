/**
 * URIs: SIP/SIPS (RFC 3261 section 19.1), tel (RFC 3966) and opaque others.
 */
export { escapeUriComponent, unescapeUriComponent } from '../grammar/escape.js';
export { type ParamInit, type SipUriInit, sipUri, type TelUriInit, telUri } from './build.js';
export { uriEquals } from './equals.js';
export { formatUri, hasUriParam, isOpaqueUri, isSipUri, isTelUri, uriHeader, uriParam } from './format.js';
export { isIpv4At, isIpv6, isIpv6At } from './host.js';
export { parseUri, parseUriAt } from './parse.js';
export type { OpaqueUri, SipUri, TelUri, Uri, UriParam } from './types.js';
