/**
 * The address a phone listening on every interface advertises (Via, Contact, SDP): the
 * local address of the route toward its SIP server, as the kernel picks it. Connecting a
 * UDP socket sends nothing; it only makes the kernel choose the route and the source
 * address (the "UDP connect" lookup), which `address()` then reads. The machine's first
 * interface, the former default, is wrong on any host with more than one (a VPN, docker,
 * a second network card).
 */
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { isSipUri, parseUri } from '@twinkle/sip-core';
import type { ProfileState } from './profile-state.js';

/**
 * A host that stands for "the internet" when a profile names no server: an address of
 * TEST-NET-1 (RFC 5737), never sent to; the route lookup finds the default route.
 */
export const DEFAULT_ROUTE_PROBE = '192.0.2.1';

/** The local address of the route toward `host` (an IP address or a name), or undefined (no route, no such name, `ms` passed). */
export function localAddressToward(host: string, port = 5060, ms = 2000): Promise<string | undefined> {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  const v6 = isIP(bare) === 6;
  return new Promise((resolve) => {
    const socket = createSocket(v6 ? 'udp6' : 'udp4');
    let done = false;
    const finish = (address: string | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // closed already
      }
      resolve(address);
    };
    const timer = setTimeout(() => finish(undefined), ms);
    socket.on('error', () => finish(undefined));
    socket.connect(port, bare, () => {
      try {
        const a = socket.address().address;
        finish(a === '0.0.0.0' || a === '::' ? undefined : a);
      } catch {
        finish(undefined);
      }
    });
  });
}

/** Host and port of a server setting or domain (`sip:proxy:5070`, `proxy.example.com`, `192.0.2.7`). */
function hostOf(uriText: string | undefined): { host: string; port: number } | undefined {
  if (uriText === undefined || uriText === '') return undefined;
  const parsed = parseUri(uriText.includes(':') && /^sips?:/i.test(uriText) ? uriText : `sip:${uriText}`);
  if (!parsed.ok || !isSipUri(parsed.value)) return undefined;
  return { host: parsed.value.host, port: parsed.value.port ?? 5060 };
}

/** A place the phone sends to; `loopbackOk` false: a loopback answer means the name is this host's own. */
export interface ServerHost {
  readonly host: string;
  readonly port: number;
  readonly loopbackOk: boolean;
}

/**
 * Where the phone's traffic goes, best first: each profile's outbound proxy, registrar and
 * domain (the active profile's first). A domain is often this host's own name (the first-run
 * profile), which resolves to a loopback address that calls to anywhere else do not use.
 */
export function serverHosts(profiles: readonly ProfileState[]): ServerHost[] {
  const hosts: ServerHost[] = [];
  for (const p of profiles) {
    const entries: [string | undefined, boolean][] = [
      [p.proxyUri, true],
      [p.registrarUri, true],
      [p.profile.userDomain, false],
    ];
    for (const [text, loopbackOk] of entries) {
      const h = hostOf(text);
      if (h && !hosts.some((x) => x.host === h.host && x.port === h.port)) hosts.push({ ...h, loopbackOk });
    }
  }
  return hosts;
}

const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1';

/**
 * The IPv4 address to advertise when listening on every interface: the source address of
 * the route toward the first (IPv4 or named) server that has one, else of the default route, else undefined
 * (no network: the caller keeps its own default).
 */
export async function advertisedAddress(
  profiles: readonly ProfileState[],
  toward: (host: string, port: number) => Promise<string | undefined> = localAddressToward,
): Promise<string | undefined> {
  for (const h of serverHosts(profiles)) {
    // the listener is IPv4 (0.0.0.0): an IPv6 server is reached from another socket
    if (isIP(h.host.replace(/^\[|\]$/g, '')) === 6) continue;
    const a = await toward(h.host, h.port);
    if (a !== undefined && isIP(a) === 4 && (h.loopbackOk || !isLoopback(a))) return a;
  }
  return toward(DEFAULT_ROUTE_PROBE, 5060);
}
