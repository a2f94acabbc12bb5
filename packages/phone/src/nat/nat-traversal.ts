/**
 * NAT traversal of the phone (Twinkle's `nat_public_ip`, `stun_server`,
 * `enable_nat_keepalive`, `timer_nat_keepalive`). The phone runs one
 * UserAgent for every profile, so the first profile that names a public
 * address or a STUN server decides for all of them.
 *
 * - `nat_public_ip`: a static public address written into Via, Contact and SDP.
 * - `stun_server`: before the SIP socket opens, its port's mapping is learned
 *   from the server (RFC 5389 Binding, @twinkle/stun) and advertised in Via and
 *   Contact; each call's RTP port is looked up the same way before the RTP
 *   session binds it (as Twinkle does), and its mapping goes into the SDP.
 *   While running, STUN keep-alives on the SIP socket (RFC 5626 4.4.2) follow
 *   the mapping; a changed mapping is advertised and the profiles re-register.
 * - `enable_nat_keepalive`: a double CRLF to the registrar or outbound proxy
 *   every `timer_nat_keepalive` seconds keeps the NAT's binding open.
 */
import {
  createNodeDnsResolver,
  type Destination,
  type KeepAliveHandle,
  type KeepAliveOptions,
  locateSipServers,
  type MappedAddress,
  parseUri,
  type UserAgent,
} from '@twinkle/sip-core';
import { type LookupResult, lookupMapping } from '@twinkle/stun';
import type { PhoneOptions } from '../engine/phone-options.js';
import type { ProfileState } from '../engine/profile-state.js';
import { resolveStunServer, type StunServerAddress } from './stun-server.js';

/** A public transport address. */
export interface PublicAddress {
  readonly address: string;
  readonly port: number;
}

/** The RTP port a call should bind and its public address, when one was learned. */
export interface RtpMapping {
  readonly localPort: number;
  readonly public?: PublicAddress;
  /**
   * The public port of RTCP (the local port after the RTP one) when it is not
   * the public RTP port + 1 and the NAT maps it to the same address: written
   * as a=rtcp (RFC 3605).
   */
  readonly publicRtcpPort?: number;
}

/** The transport layer's keep-alive part (sip-core's SipTransportLayer). */
interface KeepAliveTransport {
  startKeepAlive(destination: Destination, options?: KeepAliveOptions): KeepAliveHandle;
  onMappedAddress(listener: (m: MappedAddress) => void): () => void;
  onFlowFailed(listener: (f: { destination: Destination; reason: string }) => void): () => void;
  advertise(protocol: 'udp' | 'tcp' | 'tls', address: { host: string; port?: number } | undefined): void;
}

const hasKeepAlive = (t: unknown): t is KeepAliveTransport =>
  typeof (t as Partial<KeepAliveTransport>).startKeepAlive === 'function' &&
  typeof (t as Partial<KeepAliveTransport>).advertise === 'function';

/** How long the start-up and per-call lookups may take (RTO 250 ms, 4 requests, then 4 RTOs: 4.75 s). */
const LOOKUP = { rto: 250, rc: 4, rm: 4 } as const;

/** NAT settings in effect, with what was learned. */
export class NatTraversal {
  /** The profile whose settings are used. */
  readonly profile: ProfileState | undefined;
  readonly #stun: StunServerAddress | undefined;
  readonly #bindAddress: string;
  #report: ((message: string) => void) | undefined;
  readonly #pending: string[] = [];
  /** The SIP port to bind (the one whose mapping was learned), when it had to be fixed. */
  readonly sipPort: number | undefined;
  #sip: PublicAddress | undefined;
  #static: string | undefined;
  #keepAlives: KeepAliveHandle[] = [];
  #offs: (() => void)[] = [];
  #nextRtpPort: number;
  #closed = false;

  private constructor(
    options: PhoneOptions,
    profile: ProfileState | undefined,
    stun: StunServerAddress | undefined,
    sip: LookupResult | undefined,
    notices: readonly string[],
  ) {
    this.profile = profile;
    this.#stun = stun;
    this.#bindAddress = options.address ?? '0.0.0.0';
    this.#pending.push(...notices);
    const ip = profile?.profile.natPublicIp.trim() ?? '';
    this.#static = ip === '' ? undefined : ip;
    if (sip?.ok) this.#sip = { address: sip.mapped.address, port: sip.mapped.port };
    this.sipPort = sip?.localPort;
    this.#nextRtpPort = options.settings.rtpPort;
  }

  /**
   * Reads the profiles' NAT settings and, with a STUN server, learns the
   * SIP port's mapping (before the UserAgent binds the port).
   */
  static async prepare(options: PhoneOptions, profiles: readonly ProfileState[]): Promise<NatTraversal> {
    const notices: string[] = [];
    const notice = (m: string) => notices.push(m);
    const profile = profiles.find((p) => p.profile.natPublicIp !== '' || p.profile.stunServer !== '');
    const value = profile?.profile.stunServer ?? '';
    if (profile === undefined || value === '' || profile.profile.natPublicIp !== '')
      return new NatTraversal(options, profile, undefined, undefined, notices);
    const bind = options.address ?? '0.0.0.0';
    const server = await resolveStunServer(value, bind.includes(':') ? 6 : 4);
    if (server === undefined) {
      notice(
        `profile ${profile.name}: STUN server ${value} not found (for IPv${bind.includes(':') ? 6 : 4}); NAT traversal off`,
      );
      return new NatTraversal(options, profile, undefined, undefined, notices);
    }
    const sip = await lookupMapping(
      { address: server.address, port: server.port },
      { ...LOOKUP, address: bind, port: options.settings.sipPort },
    ).catch(() => undefined);
    if (sip?.ok)
      notice(`STUN ${value}: SIP port ${sip.localPort} is public ${sip.mapped.address}:${sip.mapped.port}`);
    else
      notice(`STUN ${value}: no mapping for the SIP port (${sip?.ok === false ? sip.message : 'port busy'})`);
    return new NatTraversal(options, profile, server, sip, notices);
  }

  /** Where notices go (the phone's notice events); those from before are delivered now. */
  report(listener: (message: string) => void): void {
    this.#report = listener;
    for (const m of this.#pending.splice(0)) listener(m);
  }

  #notice(message: string): void {
    if (this.#report === undefined) this.#pending.push(message);
    else this.#report(message);
  }

  /** What Via and Contact carry instead of the bound address, if anything. */
  get sipAdvertise(): { host: string; port?: number } | undefined {
    if (this.#static !== undefined) return { host: this.#static };
    return this.#sip === undefined ? undefined : { host: this.#sip.address, port: this.#sip.port };
  }

  /** The address our SDP carries when calls have no mapping of their own. */
  get sdpAddress(): string | undefined {
    return this.#static ?? this.#sip?.address;
  }

  /**
   * The RTP port of a new call: with STUN, a free port from `rtp_port` up
   * and its public address; otherwise `firstPort` unchanged.
   */
  async rtpMapping(firstPort: number): Promise<RtpMapping> {
    const stun = this.#stun;
    if (stun === undefined || this.#closed) return { localPort: firstPort };
    // Even ports from rtp_port upwards (RTCP takes the odd one), as the media binds them.
    for (let attempt = 0; attempt < 20; attempt++) {
      const port = firstPort === 0 ? 0 : this.#takeRtpPort(firstPort);
      const r = await lookupMapping(stun, { ...LOOKUP, address: this.#bindAddress, port }).catch(
        () => undefined,
      );
      if (r === undefined) continue; // port busy: the next
      if (!r.ok) {
        this.#notice(`STUN: no mapping for RTP port ${r.localPort} (${r.message})`);
        return { localPort: r.localPort };
      }
      const pub = { address: r.mapped.address, port: r.mapped.port };
      const rtcp = await lookupMapping(stun, {
        ...LOOKUP,
        address: this.#bindAddress,
        port: r.localPort + 1,
      }).catch(() => undefined);
      const rtcpPort =
        rtcp?.ok && rtcp.mapped.address === pub.address && rtcp.mapped.port !== pub.port + 1
          ? rtcp.mapped.port
          : undefined;
      return {
        localPort: r.localPort,
        public: pub,
        ...(rtcpPort === undefined ? {} : { publicRtcpPort: rtcpPort }),
      };
    }
    return { localPort: firstPort };
  }

  #takeRtpPort(first: number): number {
    if (this.#nextRtpPort < first || this.#nextRtpPort > Math.min(65534, first + 198))
      this.#nextRtpPort = first;
    const port = this.#nextRtpPort;
    this.#nextRtpPort += 2;
    return port;
  }

  /** Advertises what was learned and starts the keep-alives on the UserAgent's transport. */
  attach(ua: UserAgent, profiles: readonly ProfileState[]): void {
    const t = ua.transport;
    if (!hasKeepAlive(t)) return;
    const adv = this.sipAdvertise;
    if (adv !== undefined) {
      t.advertise('udp', adv);
      if (this.#static !== undefined) t.advertise('tcp', adv);
    }
    const p = this.profile?.profile;
    const intervalMs = (p?.timerNatKeepalive ?? 30) * 1000;
    if (this.#stun !== undefined) {
      const dest: Destination = { protocol: 'udp', address: this.#stun.address, port: this.#stun.port };
      this.#offs.push(
        t.onMappedAddress((m) => {
          if (m.destination.address !== dest.address || m.destination.port !== dest.port) return;
          const now = this.#sip;
          if (now !== undefined && now.address === m.address && now.port === m.port) return;
          this.#sip = { address: m.address, port: m.port };
          t.advertise('udp', { host: m.address, port: m.port });
          this.#notice(`STUN: the SIP port is now public ${m.address}:${m.port}; registering again`);
          for (const prof of profiles)
            if (prof.registration) void prof.registration.register().catch(() => {});
        }),
        t.onFlowFailed((f) => {
          // A lost answer stops the keep-alive: start it again, the mapping may come back.
          if (this.#closed || f.destination.address !== dest.address || f.destination.port !== dest.port)
            return;
          try {
            this.#keepAlives.push(t.startKeepAlive(dest, { kind: 'stun', intervalMs }));
          } catch {
            // the transport is closing
          }
        }),
      );
      this.#keepAlives.push(t.startKeepAlive(dest, { kind: 'stun', intervalMs }));
    }
    void this.#keepServerBindings(t, profiles);
  }

  /** enable_nat_keepalive: each such profile's registrar (or outbound proxy), every timer_nat_keepalive. */
  async #keepServerBindings(t: KeepAliveTransport, profiles: readonly ProfileState[]): Promise<void> {
    const seen = new Set<string>();
    for (const prof of profiles) {
      const uri = prof.proxyUri ?? prof.registrarUri;
      if (
        !prof.profile.enableNatKeepalive ||
        uri === undefined ||
        prof.profile.sipTransport === 'tcp' ||
        prof.profile.sipTransport === 'tls'
      )
        continue;
      const intervalMs = prof.profile.timerNatKeepalive * 1000;
      const parsed = parseUri(uri);
      if (!parsed.ok) continue;
      try {
        const dests = await locateSipServers(parsed.value, {
          resolver: createNodeDnsResolver(),
          transports: ['udp'],
        });
        const d = dests[0];
        if (d === undefined || this.#closed) continue;
        const key = `${d.address}|${d.port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        this.#keepAlives.push(
          t.startKeepAlive(
            { protocol: 'udp', address: d.address, port: d.port },
            { kind: 'crlf', intervalMs },
          ),
        );
      } catch {
        this.#notice(`profile ${prof.name}: NAT keep-alive: cannot resolve ${uri}`);
      }
    }
  }

  /** Stops the keep-alives. */
  close(): void {
    this.#closed = true;
    for (const k of this.#keepAlives) k.stop();
    for (const off of this.#offs) off();
    this.#keepAlives = [];
    this.#offs = [];
  }
}
