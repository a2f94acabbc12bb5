/** RFC 3263 server location, failover and request routing (RFC 3261 12.2.1.1, 16.12; RFC 3608). */
export {
  createNodeDnsResolver,
  type DnsResolver,
  type LookupAddress,
  type NaptrRecord,
  type NodeDnsResolverOptions,
  type SrvRecord,
} from './dns-resolver.js';
export {
  type AddressFamilies,
  addresses as resolveHostAddresses,
  bareHost,
  defaultPort as defaultSipPort,
  isNumericHost,
  type LocateOptions,
  locateSipServers,
  ResolveError,
} from './locate.js';
export { isLooseRoute, preloadedRouteSet, type RequestRouting, routeRequest } from './next-hop.js';
export { type ResolvedRequest, resolveRequest } from './resolve-request.js';
export { orderSrvRecords, type UniformRandom } from './srv-order.js';
export { type AttemptOutcome, isFailoverOutcome, TargetIterator } from './target-iterator.js';
