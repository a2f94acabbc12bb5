/**
 * Locating SIP servers (RFC 3263 section 4): the transport by the URI's
 * transport parameter, NAPTR or SRV; the port by the URI or SRV; the
 * addresses by A/AAAA. Numeric hosts and explicit ports skip SRV (4.2).
 * RFC 7118 section 6 adds the WebSocket services (SIP+D2W, SIPS+D2W).
 */

import type { Destination, TransportProtocol } from '../transport/types.js';
import { isSipUri, uriParam } from '../uri/format.js';
import { isIpv4At, isIpv6 } from '../uri/host.js';
import { parseUri } from '../uri/parse.js';
import type { SipUri, Uri } from '../uri/types.js';
import { type DnsResolver, quietly, type SrvRecord } from './dns-resolver.js';
import { orderSrvRecords, type UniformRandom } from './srv-order.js';

/** Why a URI could not be located. */
export class ResolveError extends Error {
  override readonly name = 'ResolveError';
  constructor(
    readonly code: 'not-sip-uri' | 'unsupported-transport' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}

/** Address families and their order. */
export type AddressFamilies = 'ipv4-first' | 'ipv6-first' | 'ipv4' | 'ipv6';

export interface LocateOptions {
  readonly resolver: DnsResolver;
  /** Transports this client can use, in order of preference (default udp, tcp, tls). */
  readonly transports?: readonly TransportProtocol[];
  /** Which addresses to use (default `ipv4-first`: A records, then AAAA). */
  readonly families?: AddressFamilies;
  /** RNG for the SRV weights (default Math.random). */
  readonly random?: UniformRandom;
}

const DEFAULT_TRANSPORTS: readonly TransportProtocol[] = ['udp', 'tcp', 'tls'];

/** The default port of a transport (RFC 3261 19.1.2; RFC 7118 uses the HTTP ports). */
export const defaultPort = (protocol: TransportProtocol): number =>
  protocol === 'tls' ? 5061 : protocol === 'ws' ? 80 : protocol === 'wss' ? 443 : 5060;

/** NAPTR services (RFC 3263 section 4.1, RFC 7118 section 6) and SRV prefixes per transport. */
const SERVICES: readonly { service: string; protocol: TransportProtocol; srv: string; secure: boolean }[] = [
  { service: 'SIP+D2U', protocol: 'udp', srv: '_sip._udp.', secure: false },
  { service: 'SIP+D2T', protocol: 'tcp', srv: '_sip._tcp.', secure: false },
  { service: 'SIPS+D2T', protocol: 'tls', srv: '_sips._tcp.', secure: true },
  { service: 'SIP+D2W', protocol: 'ws', srv: '_sip._ws.', secure: false },
  { service: 'SIPS+D2W', protocol: 'wss', srv: '_sips._ws.', secure: true },
];

const isSecure = (p: TransportProtocol): boolean => p === 'tls' || p === 'wss';

/** The host without IPv6 brackets. */
export const bareHost = (host: string): string =>
  host.charCodeAt(0) === 0x5b && host.charCodeAt(host.length - 1) === 0x5d ? host.slice(1, -1) : host;

/** True for an IPv4 or IPv6 literal (brackets allowed). */
export const isNumericHost = (host: string): boolean => {
  const h = bareHost(host);
  return isIpv6(h) || isIpv4At(h, 0, h.length);
};

/** The transport a URI asks for: its `transport` parameter, with `sips:` implying TLS (RFC 3261 26.2.2). */
function uriTransport(uri: SipUri): TransportProtocol | undefined | null {
  const t = uriParam(uri, 'transport');
  if (t === null || t === undefined) return undefined;
  const secure = uri.scheme === 'sips';
  switch (t.toLowerCase()) {
    case 'udp':
      return secure ? null : 'udp';
    case 'tcp':
    case 'tls':
      return secure || t.toLowerCase() === 'tls' ? 'tls' : 'tcp';
    case 'ws':
      return secure ? 'wss' : 'ws';
    case 'wss':
      return 'wss';
    default:
      return null;
  }
}

/**
 * The ordered destinations to try for a SIP or SIPS URI (RFC 3263 section 4).
 * `serverName` carries the URI's host, which a TLS certificate must match
 * (section 4.1 and RFC 5922). Rejects with a {@link ResolveError} when nothing
 * was found.
 */
export async function locateSipServers(target: Uri | string, options: LocateOptions): Promise<Destination[]> {
  const uri = typeof target === 'string' ? parseTarget(target) : target;
  if (!isSipUri(uri)) throw new ResolveError('not-sip-uri', 'Only sip: and sips: URIs can be located');
  const supported = (options.transports ?? DEFAULT_TRANSPORTS).filter(
    (p) => uri.scheme !== 'sips' || isSecure(p),
  );
  if (supported.length === 0)
    throw new ResolveError('unsupported-transport', 'No usable transport for sips:');
  const maddr = uriParam(uri, 'maddr');
  const host = typeof maddr === 'string' && maddr.length > 0 ? maddr : uri.host;
  const name = bareHost(host);
  const serverName = bareHost(uri.host);
  const explicit = uriTransport(uri);
  if (explicit === null || (explicit !== undefined && !supported.includes(explicit)))
    throw new ResolveError('unsupported-transport', `Transport not supported: ${uriParam(uri, 'transport')}`);
  const families = options.families ?? 'ipv4-first';
  const out: Destination[] = [];
  const add = (protocol: TransportProtocol, address: string, port: number): void => {
    if (!out.some((d) => d.protocol === protocol && d.address === address && d.port === port))
      out.push(isSecure(protocol) ? { protocol, address, port, serverName } : { protocol, address, port });
  };
  // Section 4.1: a numeric host or an explicit port fixes the transport without NAPTR.
  const fallbackProtocol = explicit ?? (uri.scheme === 'sips' ? 'tls' : supported[0]!);
  if (isNumericHost(host)) {
    add(fallbackProtocol, name, uri.port ?? defaultPort(fallbackProtocol));
    return out;
  }
  if (uri.port !== undefined) {
    for (const a of await addresses(options.resolver, name, families)) add(fallbackProtocol, a, uri.port);
    return notEmpty(out, name);
  }
  // Section 4.1/4.2: NAPTR unless the transport is given, then SRV per transport.
  const srvQueries: { protocol: TransportProtocol; name: string }[] = [];
  if (explicit !== undefined) {
    srvQueries.push({ protocol: explicit, name: SERVICES.find((s) => s.protocol === explicit)!.srv + name });
  } else {
    const naptr = (await quietly(() => options.resolver.resolveNaptr(name)))
      .filter((r) => r.flags.toLowerCase() === 's')
      .map((r) => ({ r, s: SERVICES.find((s) => s.service === r.service.toUpperCase()) }))
      .filter((x) => x.s !== undefined && supported.includes(x.s.protocol))
      .sort((a, b) => a.r.order - b.r.order || a.r.preference - b.r.preference);
    for (const { r, s } of naptr) srvQueries.push({ protocol: s!.protocol, name: r.replacement });
    if (srvQueries.length === 0) {
      for (const p of supported) {
        const s = SERVICES.find((x) => x.protocol === p);
        if (s !== undefined) srvQueries.push({ protocol: p, name: s.srv + name });
      }
    }
  }
  for (const q of srvQueries) {
    const records = await quietly<SrvRecord>(() => options.resolver.resolveSrv(q.name));
    // A single "." target means the service is decidedly not available (RFC 2782).
    const usable = records.filter((r) => r.name !== '' && r.name !== '.');
    for (const rec of orderSrvRecords(usable, options.random)) {
      for (const a of await addresses(options.resolver, rec.name, families)) add(q.protocol, a, rec.port);
    }
  }
  if (out.length > 0) return out;
  // Section 4.2: no SRV records: the A/AAAA records of the host, default port.
  for (const a of await addresses(options.resolver, name, families))
    add(fallbackProtocol, a, defaultPort(fallbackProtocol));
  return notEmpty(out, name);
}

function parseTarget(text: string): Uri {
  const r = parseUri(text);
  if (!r.ok) throw new ResolveError('not-sip-uri', `Bad URI: ${r.error.reason}`);
  return r.value;
}

function notEmpty(out: Destination[], name: string): Destination[] {
  if (out.length === 0) throw new ResolveError('not-found', `No address for ${name}`);
  return out;
}

/** A and AAAA records in the order of `families`; the system resolver when DNS gave none. */
export async function addresses(
  resolver: DnsResolver,
  name: string,
  families: AddressFamilies,
): Promise<string[]> {
  if (isNumericHost(name)) return [bareHost(name)];
  const want4 = families !== 'ipv6';
  const want6 = families !== 'ipv4';
  const [v4, v6] = await Promise.all([
    want4 ? quietly(() => resolver.resolve4(name)) : [],
    want6 ? quietly(() => resolver.resolve6(name)) : [],
  ]);
  let list = families === 'ipv6-first' ? [...v6, ...v4] : [...v4, ...v6];
  if (list.length === 0 && resolver.lookup !== undefined) {
    const sys = await quietly(() => resolver.lookup!(name));
    const pick = (f: 4 | 6): string[] => sys.filter((a) => a.family === f).map((a) => a.address);
    const s4 = want4 ? pick(4) : [];
    const s6 = want6 ? pick(6) : [];
    list = families === 'ipv6-first' ? [...s6, ...s4] : [...s4, ...s6];
  }
  return [...new Set(list)];
}
