/** What goes into Via sent-by and Contact for a listening socket. */
import { networkInterfaces } from 'node:os';
import { headerHost, ipFamily, isUnspecified } from './address.js';
import type { ListenSpec } from './options.js';
import type { LocalAddress, TransportProtocol } from './types.js';

/**
 * A usable address of this host for a wildcard listener: the first
 * non-internal interface address of the family, else loopback.
 */
export function unspecifiedHost(family: 4 | 6): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (family === 4 && a.family === 'IPv4') return a.address;
      if (family === 6 && a.family === 'IPv6' && !a.address.toLowerCase().startsWith('fe80'))
        return a.address;
    }
  }
  return family === 4 ? '127.0.0.1' : '::1';
}

/** The advertised address of a listener: its `advertise` option, or the bound address and port. */
export function localAddressOf(
  protocol: TransportProtocol,
  spec: ListenSpec,
  boundPort: number,
): LocalAddress {
  if (spec.advertise !== undefined) {
    return { protocol, host: headerHost(spec.advertise.host), port: spec.advertise.port ?? boundPort };
  }
  const address = isUnspecified(spec.address)
    ? unspecifiedHost(ipFamily(spec.address) === 6 ? 6 : 4)
    : spec.address;
  return { protocol, host: headerHost(address), port: boundPort };
}
