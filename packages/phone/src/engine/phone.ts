/**
 * The phone engine: one sip-core UserAgent shared by the active profiles,
 * a registration per profile, Twinkle's lines with call waiting, and every
 * call command of the console (call, answer, reject, bye, hold, retrieve,
 * mute, dtmf, redial, options). No UI: events go to listeners as plain data.
 */
import { resolve } from 'node:path';
import { type CodecRegistry, createDefaultRegistry } from '@twinkle/codecs';
import { Emitter, type UserAgent } from '@twinkle/sip-core';
import { Conference } from '../conference/conference.js';
import { CallScripts } from '../scripts/call-scripts.js';
import { PhoneSecurity, type SecurityStatus, type ZrtpAction } from '../security/phone-security.js';
import { PhoneServices } from '../services/phone-services.js';
import { replacesSupport, type TransferCommandOptions, Transfers } from '../transfer/index.js';
import type { Call } from './call.js';
import { CallSupport } from './call-support.js';
import { loadListedCodecs } from './codec-list.js';
import { isDtmfDigit } from './dtmf-info.js';
import { PhoneError } from './errors.js';
import { LineTable } from './line-table.js';
import type { TonePlayer } from './media-port.js';
import { expandTarget, sendOptions } from './outgoing.js';
import { Dialer } from './outgoing-call.js';
import type { PhoneContext } from './phone-context.js';
import type { PhoneEvent } from './phone-events.js';
import type { CallCommandOptions, LineStatus, OptionsResult, PhoneOptions } from './phone-options.js';
import { mediaAddressOf, openUserAgent } from './phone-user-agent.js';
import { ProfileSet } from './profile-set.js';
import { ringPlayerTones } from './ring-tones.js';
import { sayGoodbye } from './shutdown.js';
import type { InviteServerSession } from './sip-types.js';

/** The SIP phone. Create with {@link Phone.create}; end with {@link Phone.quit}. */
export class Phone {
  /** Every event, in order. */
  readonly events = new Emitter<PhoneEvent>();
  readonly ua: UserAgent;
  readonly #options: PhoneOptions;
  readonly #profiles: ProfileSet;
  readonly #lines: LineTable;
  readonly #now = (): number => Date.now();
  #lastCall: { uri: string; options: CallCommandOptions; profile: string } | undefined;
  #closed = false;
  readonly #notices: string[] = [];
  readonly #tones: TonePlayer;
  /** What the feature modules share (see phone-context.ts). */
  readonly #ctx: PhoneContext;
  readonly #dialer: Dialer;
  readonly #conference: Conference;
  /** MWI, and the other services beyond calls (services/phone-services.ts). */
  readonly services: PhoneServices;
  readonly #transfers: Transfers;
  readonly #security: PhoneSecurity;
  readonly #calls: CallSupport;

  private constructor(options: PhoneOptions, ua: UserAgent, profiles: ProfileSet, sdpAddress: string) {
    this.#options = options;
    this.ua = ua;
    this.#profiles = profiles;
    this.#lines = new LineTable(options.lines ?? 2);
    const dir = options.configDir;
    this.#security = new PhoneSecurity({ configDir: dir, emit: (e) => this.#emit(e) });
    this.#calls = new CallSupport({
      options,
      sdpAddress,
      security: this.#security,
      lines: this.#lines,
      now: this.#now,
      emit: (e) => this.#emit(e),
      followRedirect: (call, contacts, status) => this.#dialer.followRedirect(call, contacts, status),
    });
    this.#tones =
      options.tones ??
      ringPlayerTones({
        settings: options.settings,
        ...(dir === undefined ? {} : { resolveFile: (f: string) => resolve(dir, f) }),
        onNotice: (message) => this.#emit({ type: 'notice', message }),
      });
    this.#ctx = {
      ua,
      options,
      profiles,
      lines: this.#lines,
      tones: this.#tones,
      emit: (e) => this.#emit(e),
      now: this.#now,
      closed: () => this.#closed,
      newMedia: (profile, line, hint) => this.#calls.newMedia(profile, line, hint),
      callHooks: () => this.#calls.hooks(),
    };
    this.#dialer = new Dialer(this.#ctx);
    this.#conference = new Conference(this.#ctx);
    this.services = new PhoneServices(this.#ctx, this.events);
    this.#transfers = new Transfers(this.#ctx);
    const scripts = new CallScripts(this.#ctx, options.scripts, options.addressBook); // scripts, address book
    this.events.on((e) => scripts.onEvent(e));
    ua.onInvite((s) => void (this.#transfers.takeReplacing(s) || scripts.take(s, (l) => this.answer(l))));
  }

  /** Opens the SIP sockets, then registers the profiles that say register_at_startup (in the background). */
  static async create(options: PhoneOptions): Promise<Phone> {
    const registry: CodecRegistry = options.codecs ?? createDefaultRegistry();
    const loadNotices = await loadListedCodecs(
      registry,
      options.profiles.flatMap((p) => p.profile.codecs),
    );
    const profiles = new ProfileSet(options.profiles, registry, options.activeProfile);
    const first = profiles.get();
    let phone: Phone | undefined;
    const ua = await openUserAgent(options, profiles, first, {
      fallbackProfile: () => (phone === undefined ? first : phone.#profiles.get()),
      mediaFor: (invite) => phone!.#calls.newMedia(profiles.for(invite), 0, invite),
    });
    phone = new Phone(options, ua, profiles, mediaAddressOf(options, ua));
    phone.#notices.push(...loadNotices);
    for (const p of profiles.all) {
      if (p.missingCodecs.length > 0)
        phone.#notices.push(
          `profile ${p.name}: codecs without an implementation skipped: ${p.missingCodecs.join(', ')}`,
        );
      // After the caller's listeners are on (setImmediate runs once the awaiting code has continued).
      if (p.profile.registerAtStartup && (p.profile.registrar !== '' || p.profile.outboundProxy !== ''))
        setImmediate(() => {
          if (!phone.#closed) void phone.register(p.name).catch(() => {});
        });
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
    return this.#lines.count;
  }

  get activeLine(): number {
    return this.#lines.active;
  }

  /** The call on a line (default the active one), if any. */
  callOn(line?: number): Call | undefined {
    return this.#lines.at(line);
  }

  /** Every line as plain data, for the console's `line` output and the GUI. */
  lineStatus(): LineStatus[] {
    return this.#calls.lineStatus((line) => this.#conference.includes(line));
  }

  /**
   * Twinkle's `line N`: the active call is put on hold and a call we held on
   * line N is retrieved, so the user talks on one line at a time.
   */
  async selectLine(line: number): Promise<void> {
    this.#lines.check(line);
    if (line === this.#lines.active || this.#conference.switchLine(line)) return;
    const current = this.callOn();
    if (current && this.#lines.talking().includes(current)) await this.hold(this.#lines.active);
    this.#lines.active = line;
    this.#emit({ type: 'line', line });
    const next = this.callOn(line);
    if (next?.answered && next.held) await this.retrieve(line);
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

  /** Twinkle's `redirect dst...`: the ringing call on a line gets 302 to up to 5 destinations. */
  redirect(destinations: readonly string[], line?: number): string[] {
    return this.#dialer.redirection.redirectCall(destinations, line);
  }

  /** Answers a `redirect-ask`: `accept` calls the first destination; returns the line, undefined when declined. */
  answerRedirect(accept: boolean, line?: number): number | undefined {
    return this.#dialer.redirection.answer(accept, line);
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

  /**
   * Calls `uri` from the active profile on the active line (Twinkle's
   * `call`); resolves with the line once the INVITE is on its way. The
   * outcome arrives as events.
   */
  async call(uri: string, options: CallCommandOptions = {}): Promise<number> {
    this.#open();
    const line = this.#lines.active;
    if (this.#lines.at(line)) throw new PhoneError('line-busy', `line ${line} is busy`);
    this.#lastCall = { uri, options, profile: this.#profiles.activeName };
    this.#dialer.dial(line, this.#profiles.get(), uri, options);
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
    const call = this.#lines.require(line);
    if (call.direction !== 'in' || call.answered)
      throw new PhoneError('invalid-state', `line ${call.line} has no incoming call to answer`);
    for (const other of this.#lines.talking(call)) await other.setHold(true).catch(() => {});
    const session = call.session as InviteServerSession;
    try {
      await session.accept({ headers: replacesSupport(this.#profiles.get(call.profile)) });
    } catch (error) {
      throw new PhoneError('request-failed', `answer failed: ${(error as Error).message}`);
    }
    if (this.#lines.active !== call.line) {
      this.#lines.active = call.line;
      this.#emit({ type: 'line', line: call.line });
    }
  }

  /** Twinkle's `conference`: joins the answered calls of lines 1 and 2 (held ones are retrieved) in a local mix. */
  async conference(lines?: readonly number[]): Promise<void> {
    await this.#conference.start(lines);
  }

  /** Rejects the incoming call on a line with `status` (default 486 Busy Here). */
  reject(line?: number, status = 486): void {
    const call = this.#lines.require(line);
    if (call.direction !== 'in' || call.answered)
      throw new PhoneError('invalid-state', `line ${call.line} has no incoming call to reject`);
    (call.session as InviteServerSession).reject(status);
  }

  /**
   * Ends the call on a line: BYE when answered, CANCEL while an outgoing
   * call rings, 603 Decline for an unanswered incoming call.
   */
  async bye(line?: number): Promise<void> {
    if (await this.#conference.bye(line ?? this.#lines.active)) return; // hangup_both_3way
    await this.#lines.require(line).end(603);
  }

  /** Holds the far end of a line (re-INVITE with sendonly, or c=0.0.0.0 per hold_variant). */
  async hold(line?: number): Promise<void> {
    this.#conference.checkHold(line ?? this.#lines.active);
    await this.#lines.require(line).setHold(true);
  }

  /** Takes the far end off hold. */
  async retrieve(line?: number): Promise<void> {
    await this.#lines.require(line).setHold(false);
  }

  /** Mutes (or unmutes) the microphone on a line. */
  mute(on: boolean, line?: number): void {
    if (this.#conference.mute(on, line ?? this.#lines.active)) return; // the microphone leaves the mix
    this.#lines.require(line).setMuted(on);
  }

  /**
   * Sends DTMF keys on a line per the profile's dtmf_transport: SIP INFO with
   * application/dtmf-relay for `info`, else in the media (RFC 4733 events or
   * inband tones; `auto` lets the media use RFC 4733 when it was negotiated).
   */
  async dtmf(digits: string, line?: number): Promise<void> {
    const call = this.#lines.require(line);
    const keys = [...digits].filter((d) => d !== ' ').map((d) => d.toUpperCase());
    const bad = keys.find((d) => !isDtmfDigit(d));
    if (bad !== undefined) throw new PhoneError('bad-argument', `not a DTMF key: ${bad}`);
    const p = this.#profiles.get(call.profile).profile;
    await call.sendDtmf(keys, p.dtmfTransport, p.dtmfDuration);
  }

  /** Twinkle's `transfer [-c] [-l] [dst]` of the active line's call (see transfer/referrer.ts). */
  transfer(destination?: string, options: TransferCommandOptions = {}): Promise<void> {
    return this.#transfers.transfer(destination, options);
  }

  /** Answers a `transfer-request` (ask_user_to_refer) on a line: accept or refuse (603). */
  answerTransfer(accept: boolean, line?: number): void {
    this.#transfers.answer(accept, line);
  }

  /** OPTIONS to a URI (RFC 3261 section 11): what it answers. */
  async options(uri: string): Promise<OptionsResult> {
    this.#open();
    return sendOptions(this.ua, this.#profiles.get(), uri);
  }

  /** Twinkle's `zrtp encrypt|go-clear|confirm-sas|reset-sas` on a line (default the active one). */
  zrtp(action: ZrtpAction, line?: number): SecurityStatus {
    return this.#security.command(this.#lines.require(line).media.security, action);
  }

  /**
   * Ends everything politely and closes: BYE or CANCEL for calls, 480 for
   * ringing incoming ones, unregisters every profile, closes media and
   * sockets. Bounded by `quitTimeoutMs` (default 3 s).
   */
  async quit(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.services.close(this.#options.quitTimeoutMs ?? 3000);
    await sayGoodbye(this.#transfers.liveCalls(), this.#profiles.all, this.#options.quitTimeoutMs ?? 3000);
    for (const p of this.#profiles.all) p.close();
    for (const c of this.#lines.calls()) c.media.close();
    await this.ua.close();
  }
}
