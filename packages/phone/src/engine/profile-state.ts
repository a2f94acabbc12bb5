/**
 * A profile in use: its addresses, codec capabilities, registration and the
 * per-profile services (do not disturb, auto answer), as Twinkle keeps them
 * per user.
 */
import type { CodecRegistry } from '@twinkle/codecs';
import { AuthSession, type Registration, type RegistrationState, type UserAgent } from '@twinkle/sip-core';
import type { NatTraversal } from '../nat/nat-traversal.js';
import { codecCapabilities } from './codec-list.js';
import type { EngineCodec } from './media-port.js';
import type { RegistrationEvent } from './phone-events.js';
import type { NamedProfile, PhoneProfile } from './phone-options.js';

/** A server key's value (`host:port;params`, no scheme) as a SIP URI, with the profile's transport. */
export function serverUri(value: string, transport: PhoneProfile['sipTransport']): string | undefined {
  if (value === '') return undefined;
  const bare = !/^sips?:/i.test(value) && !/;transport=/i.test(value);
  // sip_transport=tls names the server sips: (RFC 5630 section 3.1.3: TLS, not transport=tls).
  if (bare && transport === 'tls') return `sips:${value}`;
  const uri = /^sips?:/i.test(value) ? value : `sip:${value}`;
  return transport === 'tcp' && !/;transport=/i.test(uri) ? `${uri};transport=tcp` : uri;
}

/** The registration's state as a phone event. */
export function registrationEvent(profile: string, s: RegistrationState, now: number): RegistrationEvent {
  const r = s.reason;
  const reason =
    r === undefined
      ? undefined
      : r.kind === 'status'
        ? `${r.status} ${r.phrase}`
        : r.kind === 'auth'
          ? `authentication failed (${r.code})`
          : r.kind === 'transport'
            ? `transport error: ${r.message}`
            : r.kind === 'timeout'
              ? 'timeout'
              : 'no destination';
  const status = r?.kind === 'status' || r?.kind === 'auth' ? r.status : undefined;
  return {
    type: 'registration',
    profile,
    state: s.state,
    ...(s.state === 'registered' && s.expiresAt !== undefined
      ? { expires: Math.max(0, Math.round((s.expiresAt - now) / 1000)) }
      : {}),
    ...(reason === undefined ? {} : { reason }),
    ...(status === undefined ? {} : { status }),
  };
}

export class ProfileState {
  readonly name: string;
  readonly profile: PhoneProfile;
  readonly codecs: readonly EngineCodec[];
  /** Codec names of `codecs=` the registry has no implementation of. */
  readonly missingCodecs: readonly string[];
  dnd = false;
  autoAnswer = false;
  /** Call forwarding destinations as typed (Twinkle's cf_always, cf_busy, cf_noanswer). */
  forward: { always: readonly string[]; busy: readonly string[]; noAnswer: readonly string[] } = {
    always: [],
    busy: [],
    noAnswer: [],
  };
  registration: Registration | undefined;
  /** NAT traversal in effect for the phone's one UserAgent (set when it opens). */
  nat: NatTraversal | undefined;
  #offState: (() => void) | undefined;

  constructor(named: NamedProfile, registry: CodecRegistry) {
    this.name = named.name;
    this.profile = named.profile;
    const p = named.profile;
    const c = codecCapabilities(p.codecs, registry, p.g726Packing, p.ilbcMode);
    this.codecs = c.codecs;
    this.missingCodecs = c.missing;
    this.dnd = named.services?.dnd ?? false;
    this.autoAnswer = named.services?.autoAnswer ?? false;
    const sv = named.services;
    this.forward = { always: sv?.cfAlways ?? [], busy: sv?.cfBusy ?? [], noAnswer: sv?.cfNoanswer ?? [] };
  }

  /** `sip:user@domain`. */
  get aor(): string {
    const p = this.profile;
    return p.userName === '' ? `sip:${p.userDomain}` : `sip:${p.userName}@${p.userDomain}`;
  }

  /** From of our requests: `"Display" <sip:user@domain>`. */
  get from(): string {
    const d = this.profile.userDisplay;
    return d === '' ? `<${this.aor}>` : `${JSON.stringify(d)} <${this.aor}>`;
  }

  get registrarUri(): string | undefined {
    return serverUri(this.profile.registrar, this.profile.sipTransport);
  }

  get proxyUri(): string | undefined {
    return serverUri(this.profile.outboundProxy, this.profile.sipTransport);
  }

  /** The digest account: auth_name (else user_name) and auth_pass. */
  get credential(): { realm?: string; username: string; password: string } {
    const p = this.profile;
    return {
      ...(p.authRealm === '' ? {} : { realm: p.authRealm }),
      username: p.authName === '' ? p.userName : p.authName,
      password: p.authPass,
    };
  }

  /**
   * Registers (RFC 3261 section 10) with the profile's registrar, or its
   * domain when none is set; `expires` 0 is not used here (see unregister).
   */
  async register(ua: UserAgent, emit: (e: RegistrationEvent) => void): Promise<RegistrationState> {
    if (this.registration) return this.registration.register();
    emit({ type: 'registration', profile: this.name, state: 'registering' });
    const registrar = this.registrarUri ?? serverUri(this.profile.userDomain, this.profile.sipTransport);
    const proxy = this.proxyUri;
    const p = this.profile;
    const reg = await ua.register({
      aor: this.aor,
      ...(registrar === undefined ? {} : { registrar }),
      expires: p.registrationTime,
      ...(proxy === undefined ? {} : { outboundProxy: proxy }),
      ...(p.userDisplay === '' ? {} : { displayName: p.userDisplay }),
      // Each profile's REGISTER is authorized with its own account and digest state.
      auth: new AuthSession({ store: { credentials: [this.credential] } }),
    });
    this.registration = reg;
    this.#offState = reg.stateChange.on((s) => emit(registrationEvent(this.name, s, ua.clock.now())));
    emit(registrationEvent(this.name, reg.state, ua.clock.now()));
    return reg.state;
  }

  /** Removes our binding (or every binding of the AOR with `all`, RFC 3261 10.2.2). */
  async unregister(all = false): Promise<RegistrationState | undefined> {
    const reg = this.registration;
    if (!reg) return undefined;
    return all ? reg.unregisterAll() : reg.unregister();
  }

  /** Stops refreshing without unregistering. */
  close(): void {
    this.#offState?.();
    this.registration?.close();
    this.registration = undefined;
  }
}
