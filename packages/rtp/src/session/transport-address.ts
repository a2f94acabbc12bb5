import { networkInterfaces } from 'node:os';

/** A UDP transport address. */
export interface TransportAddress {
  readonly address: string;
  readonly port: number;
}

/** Whether two transport addresses are the same (IPv4-mapped IPv6 forms compare equal to IPv4). */
export function sameAddress(a: TransportAddress, b: TransportAddress): boolean {
  return a.port === b.port && normalizeHost(a.address) === normalizeHost(b.address);
}

/** Host part without an IPv4-mapped prefix, lower-cased. */
export function normalizeHost(host: string): string {
  const h = host.toLowerCase();
  return h.startsWith('::ffff:') && h.includes('.') ? h.slice(7) : h;
}

/** `host:port`, with brackets around IPv6 hosts. */
export function formatAddress(a: TransportAddress): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/** Host addresses of this machine's interfaces (normalised), for loop detection on wildcard binds. */
export function interfaceHosts(): Set<string> {
  const hosts = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) hosts.add(normalizeHost(i.address));
  }
  return hosts;
}

/**
 * Whether `from` is one of our own sockets at `local`. A wildcard bind (0.0.0.0, ::)
 * receives our own packets from any interface address, so then any local host matches.
 */
export function isOwnAddress(from: TransportAddress, local: TransportAddress, hosts: Set<string>): boolean {
  if (from.port !== local.port) return false;
  if (local.address === '0.0.0.0' || local.address === '::') return hosts.has(normalizeHost(from.address));
  return sameAddress(from, local);
}
