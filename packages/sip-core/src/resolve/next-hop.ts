/**
 * Where a request goes and what it carries for routing: loose routing and
 * strict routing (RFC 3261 sections 12.2.1.1 and 16.12), the pre-loaded route
 * set from an outbound proxy (8.1.2) and Service-Route (RFC 3608 section 6).
 */
import type { NameAddr } from '../headers/types.js';
import { isSipUri, uriParam } from '../uri/format.js';
import type { SipUri, Uri, UriParam } from '../uri/types.js';

/** The routing of one request. */
export interface RequestRouting {
  /** The Request-URI to write. */
  readonly requestUri: Uri;
  /** The Route header values, in order (empty: no Route header). */
  readonly route: readonly NameAddr[];
  /** The URI to resolve (RFC 3263) for the destination of the request. */
  readonly nextHop: Uri;
}

/** True when a route entry has the `lr` parameter (a loose router, RFC 3261 19.1.1). */
export const isLooseRoute = (entry: NameAddr): boolean =>
  isSipUri(entry.uri) && uriParam(entry.uri, 'lr') !== null;

/**
 * The routing of a request to `target` (remote target or request URI) with a
 * route set (RFC 3261 12.2.1.1). Empty set: to the target. First entry loose
 * (`lr`): Request-URI is the target, Route is the whole set, next hop the first
 * entry. First entry strict: Request-URI is that entry's URI (without the
 * parameters not allowed in a Request-URI), Route is the rest followed by the
 * target, next hop the new Request-URI.
 */
export function routeRequest(target: Uri, routeSet: readonly NameAddr[]): RequestRouting {
  const first = routeSet[0];
  if (first === undefined) return { requestUri: target, route: [], nextHop: target };
  if (isLooseRoute(first)) return { requestUri: target, route: routeSet, nextHop: first.uri };
  const requestUri = requestUriOf(first.uri);
  const rest = routeSet.slice(1);
  const last: NameAddr = { displayName: undefined, uri: target, bracketed: true, params: [] };
  return { requestUri, route: [...rest, last], nextHop: requestUri };
}

/** URI parameters not allowed in a Request-URI (RFC 3261 19.1.1, table 1). */
const NOT_IN_REQUEST_URI = new Set(['method']);

/** A URI taken as Request-URI: `method` dropped and no headers (RFC 3261 19.1.1, table 1). */
function requestUriOf(uri: Uri): Uri {
  if (!isSipUri(uri)) return uri;
  const params: UriParam[] = uri.params.filter((p) => !NOT_IN_REQUEST_URI.has(p.name.toLowerCase()));
  const out: SipUri = { ...uri, params, headers: [] };
  return out;
}

/**
 * The pre-loaded route set of a request outside a dialog: the outbound proxy
 * (RFC 3261 8.1.2, made a loose route) followed by the Service-Route of the
 * registration (RFC 3608 section 6). The proxy is left out when the first
 * Service-Route entry already names it.
 */
export function preloadedRouteSet(options: {
  readonly outboundProxy?: Uri;
  readonly serviceRoute?: readonly NameAddr[];
}): NameAddr[] {
  const out: NameAddr[] = [];
  const sr = options.serviceRoute ?? [];
  const proxy = options.outboundProxy;
  if (proxy !== undefined && !(sr[0] !== undefined && sameHostPort(sr[0].uri, proxy))) {
    out.push({ displayName: undefined, uri: withLr(proxy), bracketed: true, params: [] });
  }
  out.push(...sr);
  return out;
}

function withLr(uri: Uri): Uri {
  if (!isSipUri(uri) || uriParam(uri, 'lr') !== null) return uri;
  return { ...uri, params: [...uri.params, { name: 'lr', value: undefined }] };
}

function sameHostPort(a: Uri, b: Uri): boolean {
  if (!isSipUri(a) || !isSipUri(b)) return false;
  return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port && a.scheme === b.scheme;
}
