/**
 * The DNS queries RFC 3263 server location needs, as an interface so tests
 * inject tables instead of a network. The default goes through node:dns.
 */
import { promises as dns } from 'node:dns';

/** A NAPTR record (RFC 3403) as RFC 3263 section 4.1 uses it. */
export interface NaptrRecord {
  readonly order: number;
  readonly preference: number;
  readonly flags: string;
  /** E.g. `SIP+D2U`, `SIP+D2T`, `SIPS+D2T`, `SIP+D2W`, `SIPS+D2W`. */
  readonly service: string;
  readonly regexp: string;
  readonly replacement: string;
}

/** An SRV record (RFC 2782). */
export interface SrvRecord {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly name: string;
}

/** One address from the system resolver (hosts file included). */
export interface LookupAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * What the resolver of RFC 3263 asks. Methods reject (or resolve to an empty
 * list) when a name has no records of the type; both mean "none".
 */
export interface DnsResolver {
  resolveNaptr(name: string): Promise<readonly NaptrRecord[]>;
  resolveSrv(name: string): Promise<readonly SrvRecord[]>;
  resolve4(name: string): Promise<readonly string[]>;
  resolve6(name: string): Promise<readonly string[]>;
  /**
   * The system resolver (getaddrinfo: hosts file, mDNS...), asked when A and
   * AAAA gave nothing, so names such as `localhost` work. Optional.
   */
  lookup?(name: string): Promise<readonly LookupAddress[]>;
}

/** Options of {@link createNodeDnsResolver}. */
export interface NodeDnsResolverOptions {
  /** DNS servers (`1.2.3.4`, `[::1]:53`); default: the system's. */
  readonly servers?: readonly string[];
  /** Per-query timeout in milliseconds (default: node's). */
  readonly timeoutMs?: number;
  /** Tries per query (default: node's). */
  readonly tries?: number;
}

/** A {@link DnsResolver} on node:dns (`dns.promises.Resolver` and `dns.promises.lookup`). */
export function createNodeDnsResolver(options: NodeDnsResolverOptions = {}): DnsResolver {
  const init: { timeout?: number; tries?: number } = {};
  if (options.timeoutMs !== undefined) init.timeout = options.timeoutMs;
  if (options.tries !== undefined) init.tries = options.tries;
  const r = new dns.Resolver(init);
  if (options.servers !== undefined) r.setServers([...options.servers]);
  return {
    resolveNaptr: (name) => r.resolveNaptr(name),
    resolveSrv: (name) => r.resolveSrv(name),
    resolve4: (name) => r.resolve4(name),
    resolve6: (name) => r.resolve6(name),
    lookup: async (name) => {
      const list = await dns.lookup(name, { all: true });
      return list.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
    },
  };
}

/** Runs a query; a rejection (NXDOMAIN, NODATA, timeout) counts as no records. */
export async function quietly<T>(query: () => Promise<readonly T[]>): Promise<readonly T[]> {
  try {
    return await query();
  } catch {
    return [];
  }
}
