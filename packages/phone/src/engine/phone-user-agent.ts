/**
 * The one sip-core UserAgent a phone runs: sockets on `sip_port` (UDP, and
 * TCP when a profile may use it), TLS with a certificate (tls-listen.ts), digest accounts of every profile, 100rel
 * per the active profile, and the media seam of incoming calls.
 */
import { networkInterfaces } from 'node:os';
import { createUserAgent, type ListenSpec, type SipRequest, type UserAgent } from '@twinkle/sip-core';
import { NatTraversal } from '../nat/nat-traversal.js';
import type { CallMedia } from './call-media.js';
import { userOf } from './outgoing.js';
import type { PhoneOptions } from './phone-options.js';
import type { ProfileSet } from './profile-set.js';
import type { ProfileState } from './profile-state.js';
import { advertisedAddress } from './route-address.js';
import { sessionPolicyOf } from './session-policy.js';
import { tlsListenOf } from './tls-listen.js';

/** What the UserAgent asks of the phone while it runs. */
export interface UserAgentHooks {
  /** The profile whose account answers a challenge when From names none of them. */
  readonly fallbackProfile: () => ProfileState;
  /** The media seam of an incoming INVITE. */
  readonly mediaFor: (invite: SipRequest) => CallMedia;
}

/** Opens the phone's UserAgent; `first` gives the AOR and 100rel mode. */
export async function openUserAgent(
  options: PhoneOptions,
  profiles: ProfileSet,
  first: ProfileState,
  hooks: UserAgentHooks,
): Promise<UserAgent> {
  const address = options.address ?? '0.0.0.0';
  // STUN learns the SIP port's mapping before the port is bound (nat/nat-traversal.ts).
  const nat = await NatTraversal.prepare(options, profiles.all);
  for (const p of profiles.all) p.nat = nat;
  const port = nat.sipPort ?? options.settings.sipPort;
  // On every interface, advertise the address of the route toward our servers (route-address.ts).
  const everywhere = address === '0.0.0.0' || address === '::';
  const routed =
    everywhere && options.mediaAddress === undefined ? await advertisedAddress(profiles.all) : undefined;
  const advertise = routed === undefined ? {} : { advertise: { host: routed } };
  const listen: ListenSpec[] = [{ protocol: 'udp', address, port, ...advertise }];
  if (profiles.all.some((p) => p.profile.sipTransport !== 'udp'))
    listen.push({ protocol: 'tcp', address, port, ...advertise });
  // TLS on its own port when the system settings name a certificate (tls-listen.ts).
  const needTls = profiles.all.filter((p) => p.profile.sipTransport === 'tls').map((p) => p.name);
  const tls = tlsListenOf(options.settings, needTls, address, port, advertise);
  if (tls.spec) listen.push(tls.spec);
  const ua = await createUserAgent({
    transports: listen,
    ...(tls.tls === undefined ? {} : { tls: tls.tls }),
    aor: first.aor,
    ...(first.profile.userDisplay === '' ? {} : { displayName: first.profile.userDisplay }),
    // Challenges of INVITEs and other requests: the account of the profile named in From.
    credentials: {
      ask: async ({ request }) => {
        return (profiles.ofUser(userOf(request.from?.uri)) ?? hooks.fallbackProfile()).credential;
      },
    },
    // The UA's default (OPTIONS' Supported); each call runs with its profile's policy.
    reliableProvisional: first.profile.ext100rel,
    sessionPolicy: (invite) => sessionPolicyOf(profiles.for(invite).profile),
    // INVITE with Require: replaces is for us (RFC 3891): the transfer module takes it.
    supported: ['replaces'],
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.sipTimers === undefined ? {} : { timers: options.sipTimers }),
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
    media: hooks.mediaFor,
  });
  nat.attach(ua, profiles.all);
  return ua;
}

/**
 * The address our SDP and o= lines carry: the configured one, else the
 * listening address (or the one advertised for every interface: the route
 * toward our servers), else the first external IPv4 address of the host.
 */
export function mediaAddressOf(options: PhoneOptions, ua: UserAgent): string {
  if (options.mediaAddress !== undefined) return options.mediaAddress;
  // Via and Contact write IPv6 in brackets; SDP does not (RFC 8866 section 5.7).
  const host = (ua.transport.localAddress('udp')?.host ?? options.address ?? '0.0.0.0').replace(
    /^\[(.*)\]$/,
    '$1',
  );
  if (host !== '0.0.0.0' && host !== '::') return host;
  for (const list of Object.values(networkInterfaces()))
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  return '127.0.0.1';
}
