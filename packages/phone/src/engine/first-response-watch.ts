/**
 * Makes an outgoing call's silence visible. Over UDP a call to a host where nothing
 * listens (or to no host at all) hears nothing until the INVITE transaction's Timer B,
 * 64*T1 (32 s, RFC 3261 section 17.1.1.2). When nothing has come back after two
 * retransmission intervals we ask the network (a connected UDP socket learns of ICMP port
 * or host unreachable, see udp-probe.ts), say what it told us and end the call as a
 * transport error (RFC 3261 section 18.4); when still nothing has come back after 8*T1 we
 * say so, and when the call will give up. Over TCP a refused connection already fails the
 * call at once (503, transport error).
 */
import { isIP } from 'node:net';
import { formatUri, isSipUri, parseUri } from '@twinkle/sip-core';
import type { Call } from './call.js';
import type { OutgoingCall } from './outgoing.js';
import type { PhoneContext } from './phone-context.js';
import type { ProfileState } from './profile-state.js';
import type { InviteClientSession } from './sip-types.js';
import { probeUdp, type UdpProbeResult } from './udp-probe.js';

/** Where the INVITE goes over UDP, when we can tell without DNS SRV (RFC 3263 section 4.2). */
export function udpNextHop(
  target: string,
  route: string | undefined,
  transport: 'udp' | 'tcp' | 'tls' | 'auto',
): { host: string; port: number } | undefined {
  const parsed = parseUri(route ?? target);
  if (!parsed.ok || !isSipUri(parsed.value) || parsed.value.scheme !== 'sip') return undefined;
  const uri = parsed.value;
  const param = uri.params.find((p) => p.name.toLowerCase() === 'transport')?.value?.toLowerCase();
  if (param !== undefined ? param !== 'udp' : transport === 'tcp' || transport === 'tls') return undefined;
  const bare = uri.host.startsWith('[') ? uri.host.slice(1, -1) : uri.host;
  // a name without a port is looked up by SRV first: the address is not ours to guess
  if (uri.port === undefined && isIP(bare) === 0) return undefined;
  return { host: uri.host, port: uri.port ?? 5060 };
}

export interface FirstResponseWatchOptions {
  /** T1 of the phone's SIP timers, ms. */
  readonly t1Ms: number;
  /** The network question (tests replace it). */
  readonly probe?: (host: string, port: number) => Promise<UdpProbeResult>;
}

/** Watches one outgoing call until its first response, or its end. */
export function watchFirstResponse(
  ctx: Pick<PhoneContext, 'emit' | 'ua'>,
  call: Call,
  session: InviteClientSession,
  hop: { host: string; port: number } | undefined,
  options: FirstResponseWatchOptions,
): void {
  const clock = ctx.ua.clock;
  const t1 = options.t1Ms;
  const where = hop ? `${hop.host}:${hop.port}` : call.peer;
  let answered = false;
  const timers = [
    hop === undefined
      ? undefined
      : clock.setTimer(2 * t1, () => {
          void (options.probe ?? probeUdp)(hop.host, hop.port).then((r) => {
            if (answered || r === 'no-error') return;
            const what =
              r === 'port-unreachable'
                ? `nothing listens for SIP at ${where} (ICMP port unreachable)`
                : `${where} cannot be reached (ICMP host or network unreachable)`;
            ctx.emit({ type: 'notice', message: `line ${call.line}: ${what}` });
            // RFC 3261 section 18.4: the transaction fails as a transport error (503), now
            session.unreachable(what);
          });
        }),
    clock.setTimer(8 * t1, () => {
      if (answered) return;
      ctx.emit({
        type: 'notice',
        message: `line ${call.line}: no response from ${where} after ${(8 * t1) / 1000} s; the call gives up after ${(64 * t1) / 1000} s`,
      });
    }),
  ];
  const stop = () => {
    if (answered) return;
    answered = true;
    for (const t of timers) if (t !== undefined) clock.clearTimer(t);
  };
  session.progress.on(stop);
  session.stateChange.on(stop);
}

/** The watch of a call placed by a profile (the Dialer's one line). */
export function watchDialledCall(
  ctx: PhoneContext,
  call: Call,
  session: InviteClientSession,
  profile: ProfileState,
  out: OutgoingCall,
): void {
  const route = (out.routeSet ?? ctx.ua.routeSet)[0];
  const routeText = route === undefined ? undefined : formatUri(route.uri);
  const hop = udpNextHop(out.target, routeText, profile.profile.sipTransport);
  watchFirstResponse(ctx, call, session, hop, { t1Ms: ctx.options.sipTimers?.t1 ?? 500 });
}
