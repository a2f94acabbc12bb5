/** A table-driven DnsResolver for the tests (not exported from the package). */
import type { DnsResolver, LookupAddress, NaptrRecord, SrvRecord } from './dns-resolver.js';

export interface DnsTables {
  readonly naptr?: Record<string, NaptrRecord[]>;
  readonly srv?: Record<string, SrvRecord[]>;
  readonly a?: Record<string, string[]>;
  readonly aaaa?: Record<string, string[]>;
  readonly hosts?: Record<string, LookupAddress[]>;
}

/** Answers from the tables; a missing name rejects like ENOTFOUND. Records every query. */
export function fakeDns(t: DnsTables): DnsResolver & { readonly queries: string[] } {
  const queries: string[] = [];
  const answer = <T>(type: string, table: Record<string, T[]> | undefined, name: string): Promise<T[]> => {
    queries.push(`${type} ${name}`);
    const v = table?.[name];
    return v === undefined ? Promise.reject(new Error(`ENOTFOUND ${name}`)) : Promise.resolve(v);
  };
  return {
    queries,
    resolveNaptr: (n) => answer('NAPTR', t.naptr, n),
    resolveSrv: (n) => answer('SRV', t.srv, n),
    resolve4: (n) => answer('A', t.a, n),
    resolve6: (n) => answer('AAAA', t.aaaa, n),
    lookup: (n) => answer('LOOKUP', t.hosts, n),
  };
}

/** A seeded RNG in [0, 1) (mulberry32), so weighted choices repeat. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
