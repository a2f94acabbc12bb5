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
