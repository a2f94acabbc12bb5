/**
 * A registration client (RFC 3261 section 10.2): keeps one binding of an
 * AOR alive at a registrar, refreshing before expiry and retrying with
 * backoff after failures (RFC 5626 section 4.5), and can remove bindings
 * and fetch the current ones.
 */
import { AuthSession } from '../auth/auth-session.js';
import { type AuthLogger, cryptoRandom, type RandomBytes, silentAuthLogger, toHex } from '../auth/logger.js';
import type { SipResponse } from '../message/sip-message.js';
import { type Clock, systemClock, type TimerHandle } from '../time/clock.js';
import { formatUri, isSipUri } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import { Emitter } from '../util/emitter.js';
import { grantedExpires, readBindings, toUri } from './bindings.js';
import { RegistrationError } from './errors.js';
import { type ExchangeContext, type ExchangeResult, exchange } from './exchange.js';
import { buildRegister, type RegisterKind } from './register-request.js';
import { refreshDelaySeconds, retryDelaySeconds } from './timing.js';
import type { Binding, RegistrationFailure, RegistrationOptions, RegistrationState } from './types.js';

/** Longest timer (setTimeout's 32-bit limit); a longer wait refreshes early, never at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** Failures worth retrying by themselves: no answer, or a server that may recover. */
function isTransient(f: RegistrationFailure): boolean {
  if (f.kind === 'timeout' || f.kind === 'transport' || f.kind === 'no-destination') return true;
  return f.kind === 'status' && (f.status === 408 || f.status === 480 || (f.status >= 500 && f.status < 600));
}

/** One registration of one AOR with one registrar. */
export class Registration {
  /** Every change of state. */
  readonly stateChange = new Emitter<RegistrationState>();
  readonly #o: RegistrationOptions;
  readonly #clock: Clock;
  readonly #random: RandomBytes;
  readonly #log: AuthLogger;
  readonly #ctx: ExchangeContext;
  readonly #callId: string;
  readonly #fromTag: string;
  readonly #aor: Uri;
  #expires: number;
  #state: RegistrationState = { state: 'unregistered' };
  #timer: TimerHandle | undefined;
  #failures = 0;
  #wanted = false;
  #closed = false;
  #queue: Promise<unknown> = Promise.resolve();
  #contact: Uri | undefined;
  #serviceRoute: readonly string[] = [];
  #path: readonly string[] = [];

  constructor(options: RegistrationOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? cryptoRandom;
    this.#log = options.logger ?? silentAuthLogger;
    const aor = toUri(options.aor);
    const registrar = toUri(options.registrar);
    const proxy = options.outboundProxy === undefined ? undefined : toUri(options.outboundProxy);
    if (aor === undefined || registrar === undefined || (options.outboundProxy !== undefined && !proxy))
      throw new TypeError('registration: aor, registrar and outboundProxy must be URIs');
    this.#aor = aor;
    this.#expires = options.expires ?? 3600;
    this.#callId = `${toHex(this.#random(12))}`;
    this.#fromTag = toHex(this.#random(8));
    const auth =
      options.auth ??
      new AuthSession({ store: options.credentials ?? {}, random: this.#random, logger: this.#log });
    this.#ctx = {
      transactions: options.transactions,
      resolveTarget: options.resolveTarget,
      localAddress: options.localAddress,
      auth,
      random: this.#random,
      logger: this.#log,
      target: proxy ?? registrar,
      // RFC 3261 8.1.1.5: start below 2**31; a random start keeps restarts apart.
      cseq: 1 + ((this.#random(2)[0]! << 8) | this.#random(1)[0]!),
    };
    if (options.contact !== undefined) {
      this.#contact = toUri(options.contact);
      if (this.#contact === undefined) throw new TypeError('registration: contact must be a URI');
    }
  }

  /** The current state. */
  get state(): RegistrationState {
    return this.#state;
  }

  /** When the next attempt is due while retrying (clock ms), else undefined. */
  get retryingAt(): number | undefined {
    return this.#state.retryAt;
  }

  /** Call-ID of every REGISTER of this registration (RFC 3261 10.2: constant per registrar). */
  get callId(): string {
    return this.#callId;
  }

  /** The AuthSession answering challenges (share it with the profile's other requests). */
  get auth(): AuthSession {
    return this.#ctx.auth;
  }

  /** Service-Route of the last 2xx (RFC 3608): the route set for requests of this AOR. */
  get serviceRoute(): readonly string[] {
    return this.#serviceRoute;
  }

  /** Path of the last 2xx (RFC 3327). */
  get path(): readonly string[] {
    return this.#path;
  }

  /** Our Contact URI as last sent. */
  get contact(): Uri | undefined {
    return this.#contact;
  }

  /** Registers and keeps the binding refreshed until unregister() or close(). Resolves after the first attempt. */
  register(): Promise<RegistrationState> {
    if (this.#closed) return Promise.resolve(this.#state);
    this.#wanted = true;
    this.#clearTimer();
    return this.#serial(() => this.#attempt());
  }

  /** Removes our binding (expires 0) and stops refreshing. */
  unregister(): Promise<RegistrationState> {
    return this.#remove('unregister');
  }

  /** Removes every binding of the AOR (`Contact: *`, `Expires: 0`, RFC 3261 10.2.2) and stops refreshing. */
  unregisterAll(): Promise<RegistrationState> {
    return this.#remove('unregister-all');
  }

  /** Asks the registrar for the current bindings (REGISTER without Contact, 10.2.3); rejects with a RegistrationError. */
  fetchBindings(): Promise<readonly Binding[]> {
    return this.#serial(async () => {
      const r = await this.#send('fetch');
      if (!r.ok) throw new RegistrationError(r.failure);
      return readBindings(r.response, this.#contact, this.#o.instanceId);
    });
  }

  /** Stops timers without sending anything; the registration cannot be used afterwards. */
  close(): void {
    this.#closed = true;
    this.#wanted = false;
    this.#clearTimer();
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #send(kind: RegisterKind, expires = this.#expires): Promise<ExchangeResult> {
    return exchange(this.#ctx, (via, cseq, local) => {
      if (this.#o.contact === undefined) this.#contact = defaultContact(this.#aor, local, via);
      return buildRegister(kind, {
        options: this.#o,
        aor: this.#aor,
        via,
        cseq,
        callId: this.#callId,
        fromTag: this.#fromTag,
        contact: this.#contact,
        expires,
      });
    });
  }

  async #attempt(): Promise<RegistrationState> {
    if (!this.#wanted) return this.#state;
    if (this.#state.state !== 'registered') this.#set({ ...this.#keep(), state: 'registering' });
    let r = await this.#send('register');
    if (!r.ok && r.response?.status === 423) {
      // 423 Interval Too Brief: ask again with the registrar's minimum (RFC 3261 10.2.8).
      const min = r.response.get('min-expires');
      if (min !== undefined && min > this.#expires) {
        this.#log.info(`register: registrar wants at least ${min} s`);
        this.#expires = min;
        r = await this.#send('register');
      }
    }
    if (!this.#wanted) return this.#state;
    if (r.ok) return this.#registered(r.response);
    return this.#failed(r.failure, r.response);
  }

  #registered(response: SipResponse): RegistrationState {
    this.#clearTimer();
    const bindings = readBindings(response, this.#contact, this.#o.instanceId);
    const granted = grantedExpires(bindings, response, this.#expires);
    if (granted <= 0) {
      // A 2xx that lists our binding with expires 0: the registrar does not keep it.
      return this.#failed({ kind: 'status', status: response.status, phrase: 'binding not kept' }, response);
    }
    this.#failures = 0;
    const now = this.#clock.now();
    this.#serviceRoute = response.headerValues('service-route');
    this.#path = response.headerValues('path');
    const delay = refreshDelaySeconds(granted, this.#o.refreshMarginSeconds ?? 30) * 1000;
    this.#timer = this.#clock.setTimer(Math.min(delay, MAX_TIMER_MS), () => this.#scheduled());
    return this.#set({ state: 'registered', expiresAt: now + granted * 1000, bindings });
  }

  #failed(reason: RegistrationFailure, response: SipResponse | undefined): RegistrationState {
    this.#clearTimer();
    this.#failures++;
    this.#log.warn(`register: attempt failed (${describe(reason)})`);
    if (!isTransient(reason)) return this.#set({ state: 'failed', reason });
    const unit = (this.#random(1)[0]! * 256 + this.#random(1)[0]!) / 65536;
    let delay = retryDelaySeconds(
      this.#failures,
      this.#o.retryBaseSeconds ?? 30,
      this.#o.retryMaxSeconds ?? 1800,
      unit,
    );
    const after = response?.get('retry-after')?.seconds;
    if (after !== undefined) delay = Math.max(delay, after);
    const retryAt = this.#clock.now() + delay * 1000;
    this.#timer = this.#clock.setTimer(Math.min(delay * 1000, MAX_TIMER_MS), () => this.#scheduled());
    return this.#set({ ...this.#keep(), state: 'retrying', reason, retryAt });
  }

  #remove(kind: 'unregister' | 'unregister-all'): Promise<RegistrationState> {
    this.#wanted = false;
    this.#clearTimer();
    return this.#serial(async () => {
      const r = await this.#send(kind, 0);
      this.#failures = 0;
      if (r.ok) {
        const bindings = readBindings(r.response, this.#contact, this.#o.instanceId);
        return this.#set({ state: 'unregistered', bindings });
      }
      return this.#set({ state: 'unregistered', reason: r.failure });
    });
  }

  /** expiresAt and bindings survive while the binding is still valid. */
  #keep(): Partial<RegistrationState> {
    const { expiresAt, bindings } = this.#state;
    if (expiresAt === undefined || expiresAt <= this.#clock.now()) return {};
    return { expiresAt, ...(bindings === undefined ? {} : { bindings }) };
  }

  #set(state: RegistrationState): RegistrationState {
    this.#state = state;
    try {
      this.stateChange.emit(state);
    } catch (error) {
      // A listener's bug must not stop refreshes and retries.
      this.#log.error(`register: a state listener threw: ${String(error)}`);
    }
    return state;
  }

  /** Runs an attempt from a timer; nothing may escape into the event loop. */
  #scheduled(): void {
    this.#timer = undefined;
    this.#serial(() => this.#attempt()).catch((error: unknown) => {
      this.#log.error(`register: attempt failed unexpectedly: ${String(error)}`);
    });
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
  }
}

/** `sip:user@host:port`, with `;transport=` for anything but UDP (RFC 3261 19.1.1). */
function defaultContact(aor: Uri, local: { host: string; port: number }, via: string): Uri {
  const user = isSipUri(aor) ? aor.user : undefined;
  const transport = /^SIP\/2\.0\/(\S+)/.exec(via)?.[1]?.toLowerCase() ?? 'udp';
  const scheme = isSipUri(aor) && aor.scheme === 'sips' ? 'sips' : 'sip';
  const text = `${scheme}:${user === undefined ? '' : `${user}@`}${local.host}:${local.port}${transport === 'udp' ? '' : `;transport=${transport}`}`;
  const uri = toUri(text);
  if (uri === undefined) throw new TypeError(`registration: bad contact ${formatUri(aor)}`);
  return uri;
}

const describe = (f: RegistrationFailure): string =>
  f.kind === 'status' ? `${f.status} ${f.phrase}` : f.kind === 'auth' ? `auth ${f.code}` : f.kind;
