/**
 * The phone engine: one sip-core UserAgent shared by the active profiles,
 * a registration per profile, Twinkle's lines with call waiting, and every
 * call command of the console (call, answer, reject, bye, hold, retrieve,
 * mute, dtmf, redial, options). No UI: events go to listeners as plain data.
 */
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { type CodecRegistry, createDefaultRegistry, registerOpus } from '@twinkle/codecs';
import { Emitter, formatUri, type UserAgent } from '@twinkle/sip-core';
import type { CallRecord } from '../history/call-record.js';
import { isMissedCall } from '../history/call-record.js';
import { Call } from './call.js';
import { type CallMedia, callMediaFor } from './call-media.js';
import { isDtmfDigit } from './dtmf-info.js';
import { PhoneError } from './errors.js';
import { decideIncoming } from './incoming-rules.js';
import type { TonePlayer } from './media-port.js';
import { expandTarget, formatAddress, type OutgoingCall, outgoingRequest } from './outgoing.js';
import type { PhoneEvent } from './phone-events.js';
import type { CallCommandOptions, OptionsResult, PhoneOptions } from './phone-options.js';
import { openUserAgent } from './phone-user-agent.js';
import { ProfileSet } from './profile-set.js';
import type { ProfileState } from './profile-state.js';
import { ringPlayerTones } from './ring-tones.js';
import { sayGoodbye } from './shutdown.js';
import type { InviteServerSession } from './sip-types.js';

/**
 * The address our SDP and o= line carry: the configured one, else the
 * listening address, else (listening on every interface) the first external
 * IPv4 address of the host.
 */
function mediaAddressOf(options: PhoneOptions, ua: UserAgent): string {
  if (options.mediaAddress !== undefined) return options.mediaAddress;
  const host = ua.transport.localAddress('udp')?.host ?? options.address ?? '0.0.0.0';
  if (host !== '0.0.0.0' && host !== '::') return host;
  for (const list of Object.values(networkInterfaces()))
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  return '127.0.0.1';
}

/** The Contact values of a 302 to forwarding destinations, expanded as the user would dial them. */
function forwardContacts(profile: ProfileState, targets: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of targets) {
    try {
      out.push(`<${expandTarget(t, profile).uri}>`);
    } catch {
      // A destination that is no address is left out; the service file reported it when read.
    }
  }
  return out;
}

/** The SIP phone. Create with {@link Phone.create}; end with {@link Phone.quit}. */
export class Phone {
  /** Every event, in order. */
  readonly events = new Emitter<PhoneEvent>();
  readonly ua: UserAgent;
  readonly #options: PhoneOptions;
  readonly #profiles: ProfileSet;
  readonly #lines: (Call | undefined)[];
  readonly #sdpAddress: string;
  readonly #now: () => number;
  #activeLine = 1;
  #lastCall: { uri: string; options: CallCommandOptions; profile: string } | undefined;
  #closed = false;
  #sessionCounter = 0;
  readonly #notices: string[] = [];
  readonly #tones: TonePlayer;

  private constructor(options: PhoneOptions, ua: UserAgent, profiles: ProfileSet, sdpAddress: string) {
    this.#options = options;
    this.ua = ua;
    this.#profiles = profiles;
    this.#sdpAddress = sdpAddress;
    this.#lines = new Array<Call | undefined>(Math.max(2, options.lines ?? 2)).fill(undefined);
    this.#now = () => Date.now();
    const dir = options.configDir;
    this.#tones =
      options.tones ??
      ringPlayerTones({
        settings: options.settings,
        ...(dir === undefined ? {} : { resolveFile: (f: string) => resolve(dir, f) }),
        onNotice: (message) => this.#emit({ type: 'notice', message }),
      });
    ua.onInvite((session) => this.#incoming(session));
  }

  /** Opens the SIP sockets, then registers the profiles that say register_at_startup (in the background). */
  static async create(options: PhoneOptions): Promise<Phone> {
    const registry: CodecRegistry = options.codecs ?? createDefaultRegistry();
    // Opus is WebAssembly, loaded only when a profile lists it (Twinkle has no Opus; ours does).
    let opusNotice: string | undefined;
    if (
      options.profiles.some((p) => p.profile.codecs.includes('opus')) &&
      !registry.list().some((f) => f.name.toLowerCase() === 'opus')
    ) {
      const r = await registerOpus(registry);
      if (!r.registered) opusNotice = `opus could not be loaded: ${r.error.message}`;
    }
    const profiles = new ProfileSet(options.profiles, registry, options.activeProfile);
    const first = profiles.get();
    let phone: Phone | undefined;
    const ua = await openUserAgent(options, profiles, first, {
      fallbackProfile: () => (phone === undefined ? first : phone.#profiles.get()),
      mediaFor: (invite) => phone!.#newMedia(profiles.for(invite), 0),
    });
    phone = new Phone(options, ua, profiles, mediaAddressOf(options, ua));
    if (opusNotice !== undefined) phone.#notices.push(opusNotice);
    for (const p of profiles.all) {
      if (p.missingCodecs.length > 0)
        phone.#notices.push(
          `profile ${p.name}: codecs without an implementation skipped: ${p.missingCodecs.join(', ')}`,
        );
      if (p.profile.registerAtStartup && (p.profile.registrar !== '' || p.profile.outboundProxy !== ''))
        void phone.register(p.name).catch(() => {});
    }
    return phone;
  }

  #emit(event: PhoneEvent): void {
    if (event.type === 'notice') this.#notices.push(event.message);
    this.events.emit(event);
  }

  /** Everything the user should have been told so far (also those from before any listener). */
  get notices(): readonly string[] {
    return this.#notices;
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  on(listener: (event: PhoneEvent) => void): () => void {
    return this.events.on(listener);
  }

  // ---- profiles and lines ------------------------------------------------------------

  /** Names of the active profiles. */
  get profiles(): readonly string[] {
    return this.#profiles.names;
  }

  get activeProfile(): string {
    return this.#profiles.activeName;
  }

  /** Twinkle's `user PROFILE`: the profile of new outgoing calls. */
  selectProfile(name: string): void {
    this.#profiles.select(name);
    this.#emit({ type: 'profile', profile: name });
  }

  get lineCount(): number {
    return this.#lines.length;
  }

  get activeLine(): number {
    return this.#activeLine;
  }

  /** The call on a line (default the active one), if any. */
  callOn(line = this.#activeLine): Call | undefined {
    return this.#lines[line - 1];
  }

  /**
   * Twinkle's `line N`: the active call is put on hold and a call we held on
   * line N is retrieved, so the user talks on one line at a time.
   */
  async selectLine(line: number): Promise<void> {
    this.#checkLine(line);
    if (line === this.#activeLine) return;
    const current = this.callOn();
    if (current?.answered && !current.held && current.state !== 'ended') await this.hold(this.#activeLine);
    this.#activeLine = line;
    this.#emit({ type: 'line', line });
    const next = this.callOn(line);
    if (next?.answered && next.held) await this.retrieve(line);
  }

  #checkLine(line: number): void {
    if (!Number.isInteger(line) || line < 1 || line > this.#lines.length)
      throw new PhoneError('no-such-line', `no line ${line} (1-${this.#lines.length})`);
  }

  #call(line: number | undefined): Call {
    const n = line ?? this.#activeLine;
    this.#checkLine(n);
    const c = this.#lines[n - 1];
    if (!c) throw new PhoneError('no-call', `no call on line ${n}`);
    return c;
  }

  // ---- services ------------------------------------------------------------------------

  /** Do not disturb: incoming calls to the profile get 480 (as Twinkle answers). */
  setDnd(on: boolean, profile?: string): void {
    this.#profiles.get(profile).dnd = on;
  }

  setAutoAnswer(on: boolean, profile?: string): void {
    this.#profiles.get(profile).autoAnswer = on;
  }

  /** Call forwarding (Twinkle's redirection service): destinations for always, busy or no answer; empty turns it off. */
  setForwarding(
    when: 'always' | 'busy' | 'noAnswer',
    destinations: readonly string[],
    profile?: string,
  ): void {
    const p = this.#profiles.get(profile);
    for (const d of destinations) expandTarget(d, p); // refuses what is no address
    p.forward = { ...p.forward, [when]: [...destinations] };
  }

  // ---- registration ---------------------------------------------------------------------

  /** Registers a profile (default the active one); resolves when the first attempt ended. */
  async register(profile?: string): Promise<void> {
    this.#open();
    await this.#profiles.get(profile).register(this.ua, (e) => this.#emit(e));
  }

  /** Removes the profile's binding (`all`: every binding of its AOR). */
  async deregister(profile?: string, all = false): Promise<void> {
    await this.#profiles.get(profile).unregister(all);
  }

  /** Registers every active profile (Twinkle's `register -a`). */
  async registerAll(): Promise<void> {
    await Promise.all(this.profiles.map((p) => this.register(p)));
  }

  /** The bindings the registrar holds for the profile's AOR (Twinkle's `fetch_reg`). */
  async fetchRegistrations(profile?: string): Promise<readonly string[]> {
    const reg = this.#profiles.get(profile).registration;
    if (!reg) throw new PhoneError('invalid-state', 'not registered');
    return (await reg.fetchBindings()).map((b) => b.uri);
  }

  // ---- calls ---------------------------------------------------------------------------

  #open(): void {
    if (this.#closed) throw new PhoneError('closed', 'the phone has quit');
  }

  #newMedia(profile: ProfileState, line: number): CallMedia {
    this.#sessionCounter += 1;
    return callMediaFor(
      profile,
      {
        settings: this.#options.settings,
        address: this.#options.address ?? '0.0.0.0',
        sdpAddress: this.#sdpAddress,
        factory: this.#options.media,
        // o= session id: numeric, unique per call of this phone (RFC 8866 section 5.2).
        sessionId: `${Math.floor(this.#now() / 1000)}${String(this.#sessionCounter).padStart(4, '0')}`,
      },
      line,
    );
  }

  #attach(call: Call): void {
    this.#lines[call.line - 1] = call;
  }

  #hooks() {
    return {
      emit: (e: PhoneEvent) => this.#emit(e),
      now: this.#now,
      ended: (call: Call, record: CallRecord) => {
        if (this.#lines[call.line - 1] === call) this.#lines[call.line - 1] = undefined;
        this.#emit({ type: 'history', record, missed: isMissedCall(record) });
        void Promise.resolve(this.#options.history?.add(record)).catch((error: unknown) =>
          this.#emit({ type: 'notice', message: `call history: ${(error as Error).message}` }),
        );
      },
    };
  }

  /** An incoming INVITE: DND, busy and call waiting rules, then ringing (or auto answer). */
  #incoming(session: InviteServerSession): void {
    const invite = session.request;
    const profile = this.#profiles.for(invite);
    const decision = decideIncoming({
      closing: this.#closed,
      dnd: profile.dnd,
      callWaiting: this.#options.settings.callWaiting,
      occupied: this.#lines.map((c) => c !== undefined),
      activeLine: this.#activeLine,
      forwardAlways: profile.forward.always.length > 0,
      forwardBusy: profile.forward.busy.length > 0,
    });
    if (decision.kind !== 'ring') {
      const from = invite.from ? formatAddress(invite.from) : '';
      if (decision.kind === 'reject') {
        session.reject(decision.status);
        const reason = this.#closed ? 'quitting' : decision.status === 480 ? 'dnd' : 'busy';
        this.#emit({ type: 'call-refused', profile: profile.name, from, status: decision.status, reason });
        return;
      }
      const targets = decision.when === 'always' ? profile.forward.always : profile.forward.busy;
      const contacts = forwardContacts(profile, targets);
      session.reject(302, { contacts });
      this.#emit({
        type: 'call-refused',
        profile: profile.name,
        from,
        status: 302,
        reason: 'forwarded',
        contacts,
      });
      return;
    }
    const { line, waiting: busy } = decision;
    const media = session.handler as CallMedia;
    media.line = line;
    const from = invite.from;
    const to = invite.to;
    const subject = invite.header('subject') ?? '';
    const call = new Call(
      {
        line,
        profile: profile.name,
        direction: 'in',
        session,
        media,
        from: { display: from?.displayName ?? '', uri: from ? formatUri(from.uri) : '' },
        to: { display: to?.displayName ?? '', uri: to ? formatUri(to.uri) : '' },
        subject,
      },
      this.#hooks(),
    );
    this.#attach(call);
    this.#emit({
      type: 'incoming-call',
      line,
      profile: profile.name,
      from: from ? formatAddress(from) : '',
      to: to ? formatAddress(to) : '',
      ...(subject === '' ? {} : { subject }),
      waiting: busy,
    });
    call.setState('incoming');
    void session.progress().catch(() => {});
    // A waiting call beeps in the speaker of the call in progress; otherwise the ring tone plays.
    if (busy) call.playTone(this.#tones.callWaiting?.(line));
    else if (this.#options.settings.playRingtone) call.playTone(this.#tones.ring(line));
    if (profile.autoAnswer && !busy) void this.answer(line).catch(() => {});
    else if (profile.forward.noAnswer.length > 0) {
      // cf_noanswer: still ringing after timer_noanswer seconds: redirect (302).
      const contacts = forwardContacts(profile, profile.forward.noAnswer);
      this.ua.clock.setTimer(profile.profile.timerNoanswer * 1000, () => {
        if (call.state === 'incoming' && session.state !== 'terminated') session.reject(302, { contacts });
      });
    }
  }

  /**
   * Calls `uri` from the active profile on the active line (Twinkle's
   * `call`); resolves with the line once the INVITE is on its way. The
   * outcome arrives as events.
   */
  async call(uri: string, options: CallCommandOptions = {}): Promise<number> {
    this.#open();
    const line = this.#activeLine;
    if (this.#lines[line - 1]) throw new PhoneError('line-busy', `line ${line} is busy`);
    const profile = this.#profiles.get();
    const out: OutgoingCall = outgoingRequest(profile, uri, options);
    const media = this.#newMedia(profile, line);
    const session = this.ua.invite(out.target, media, {
      from: out.from,
      to: out.to,
      headers: out.headers,
      routeSet: out.routeSet ?? this.ua.routeSet,
    });
    const call = new Call(
      {
        line,
        profile: profile.name,
        direction: 'out',
        session,
        media,
        from: out.fromParts,
        to: out.toParts,
        subject: options.subject ?? '',
      },
      this.#hooks(),
    );
    this.#attach(call);
    this.#lastCall = { uri, options, profile: profile.name };
    const s = this.#options.settings;
    session.progress.on((r) =>
      call.progress(r, () => (s.playRingback ? this.#tones.ringback(line) : undefined)),
    );
    call.setState('calling');
    void session.invite().catch(() => {});
    return line;
  }

  /** Calls the last called URI again with the same options (Twinkle's `redial`). */
  async redial(): Promise<number> {
    const last = this.#lastCall;
    if (!last) throw new PhoneError('invalid-state', 'nothing to redial');
    if (this.#profiles.has(last.profile)) this.#profiles.select(last.profile);
    return this.call(last.uri, last.options);
  }

  /** Answers the incoming call on a line (default the active one); another talking line is held first. */
  async answer(line?: number): Promise<void> {
    const call = this.#call(line);
    if (call.direction !== 'in' || call.answered)
      throw new PhoneError('invalid-state', `line ${call.line} has no incoming call to answer`);
    for (const other of this.#lines)
      if (other && other !== call && other.answered && !other.held && other.state !== 'ended')
        await this.hold(other.line).catch(() => {});
    const session = call.session as InviteServerSession;
    try {
      await session.accept();
    } catch (error) {
      throw new PhoneError('request-failed', `answer failed: ${(error as Error).message}`);
    }
    if (this.#activeLine !== call.line) {
      this.#activeLine = call.line;
      this.#emit({ type: 'line', line: call.line });
    }
  }

  /** Rejects the incoming call on a line with `status` (default 486 Busy Here). */
  reject(line?: number, status = 486): void {
    const call = this.#call(line);
    if (call.direction !== 'in' || call.answered)
      throw new PhoneError('invalid-state', `line ${call.line} has no incoming call to reject`);
    (call.session as InviteServerSession).reject(status);
  }

  /**
   * Ends the call on a line: BYE when answered, CANCEL while an outgoing
   * call rings, 603 Decline for an unanswered incoming call.
   */
  async bye(line?: number): Promise<void> {
    await this.#call(line).end(603);
  }

  /** Holds the far end of a line (re-INVITE with sendonly, or c=0.0.0.0 per hold_variant). */
  async hold(line?: number): Promise<void> {
    await this.#call(line).setHold(true);
  }

  /** Takes the far end off hold. */
  async retrieve(line?: number): Promise<void> {
    await this.#call(line).setHold(false);
  }

  /** Mutes (or unmutes) the microphone on a line. */
  mute(on: boolean, line?: number): void {
    this.#call(line).setMuted(on);
  }

  /**
   * Sends DTMF keys on a line per the profile's dtmf_transport: SIP INFO with
   * application/dtmf-relay for `info`, else in the media (RFC 4733 events or
   * inband tones; `auto` lets the media use RFC 4733 when it was negotiated).
   */
  async dtmf(digits: string, line?: number): Promise<void> {
    const call = this.#call(line);
    const keys = [...digits].filter((d) => d !== ' ').map((d) => d.toUpperCase());
    const bad = keys.find((d) => !isDtmfDigit(d));
    if (bad !== undefined) throw new PhoneError('bad-argument', `not a DTMF key: ${bad}`);
    const p = this.#profiles.get(call.profile).profile;
    await call.sendDtmf(keys, p.dtmfTransport, p.dtmfDuration);
  }

  /** OPTIONS to a URI (RFC 3261 section 11): what it answers. */
  async options(uri: string): Promise<OptionsResult> {
    this.#open();
    const out = outgoingRequest(this.#profiles.get(), uri, {});
    try {
      const r = await this.ua.request('OPTIONS', out.target, { headers: { Accept: 'application/sdp' } });
      const allow = r.header('allow');
      const accept = r.header('accept');
      return {
        status: r.status,
        reason: r.reason,
        ...(allow === undefined ? {} : { allow }),
        ...(accept === undefined ? {} : { accept }),
      };
    } catch (error) {
      throw new PhoneError('request-failed', `OPTIONS failed: ${(error as Error).message}`);
    }
  }

  /**
   * Ends everything politely and closes: BYE or CANCEL for calls, 480 for
   * ringing incoming ones, unregisters every profile, closes media and
   * sockets. Bounded by `quitTimeoutMs` (default 3 s).
   */
  async quit(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await sayGoodbye(
      this.#lines.filter((c): c is Call => c !== undefined),
      this.#profiles.all,
      this.#options.quitTimeoutMs ?? 3000,
    );
    for (const p of this.#profiles.all) p.close();
    for (const c of this.#lines) c?.media.close();
    await this.ua.close();
  }
}
