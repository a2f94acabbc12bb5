/**
 * Where a response goes when its sent-by (or maddr) is a host name: RFC 3263
 * section 5. With a port, the A/AAAA records; without one, SRV for the
 * transport as for a URI with that transport parameter.
 */
import type { Via } from '../headers/types.js';
import type { DnsResolver } from '../resolve/dns-resolver.js';
import { addresses, locateSipServers } from '../resolve/locate.js';
import { ipFamily } from './address.js';
import { responseTarget } from './response-route.js';
import type { Destination, Source } from './types.js';

/** The destinations to try in order for a response whose request connection is not usable. */
export async function locateResponseTargets(
  via: Via,
  source: Source,
  resolver: DnsResolver,
): Promise<Destination[]> {
  const t = responseTarget(via, source);
  if (ipFamily(t.host) !== 0) return [{ protocol: t.protocol, address: t.host, port: t.port }];
  const fromSentBy = via.received === undefined && via.maddr === undefined;
  if (
    fromSentBy &&
    via.port === undefined &&
    (t.protocol === 'udp' || t.protocol === 'tcp' || t.protocol === 'tls')
  ) {
    return locateSipServers(`sip:${t.host};transport=${t.protocol}`, { resolver, transports: [t.protocol] });
  }
  const list = await addresses(resolver, t.host, 'ipv4-first');
  return list.map((address) => ({ protocol: t.protocol, address, port: t.port }));
}
