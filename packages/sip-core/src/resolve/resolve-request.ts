/**
 * Everything a transaction user needs to send a request: its routing (loose
 * or strict, RFC 3261 12.2.1.1) and the destinations of the next hop in RFC
 * 3263 order, as a failover iterator (section 4.3).
 */
import type { NameAddr } from '../headers/types.js';
import type { Uri } from '../uri/types.js';
import { type LocateOptions, locateSipServers } from './locate.js';
import { type RequestRouting, routeRequest } from './next-hop.js';
import { TargetIterator } from './target-iterator.js';

export interface ResolvedRequest {
  readonly routing: RequestRouting;
  readonly targets: TargetIterator;
}

/**
 * Routes a request to `target` through `routeSet` (a dialog's route set, or
 * {@link preloadedRouteSet} outside a dialog: outbound proxy and Service-Route)
 * and locates the next hop.
 */
export async function resolveRequest(
  target: Uri,
  routeSet: readonly NameAddr[],
  options: LocateOptions,
): Promise<ResolvedRequest> {
  const routing = routeRequest(target, routeSet);
  return { routing, targets: new TargetIterator(await locateSipServers(routing.nextHop, options)) };
}
