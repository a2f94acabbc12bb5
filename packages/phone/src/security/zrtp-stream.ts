/**
 * One ZRTP endpoint on a call's RTP port: the packets the port receives that are ZRTP
 * (RFC 6189 section 5: they start 0b0001 and carry the magic cookie) go to the session,
 * what it sends leaves the same port unencrypted, its retransmission timers run at its
 * next deadline, and the SRTP keys of its `secure` event switch the port to SRTP.
 */
import {
  isZrtpPacket,
  type SecretCache,
  type SecureInfo,
  type ZrtpEvent,
  ZrtpSession,
  type ZrtpState,
} from '@twinkle/zrtp';
import type { DatagramFrom, SecureMediaTransport } from './secure-transport.js';

/** Timers, injectable for virtual time. */
export interface StreamTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: StreamTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface ZrtpStreamOptions {
  readonly transport: SecureMediaTransport;
  readonly cache: SecretCache;
  readonly random: (n: number) => Uint8Array;
  /** Monotonic time in ms (default performance.now). */
  readonly now?: () => number;
  readonly timers?: StreamTimers;
  /** Allow GoClear (the A flag of Confirm). */
  readonly allowClear: boolean;
  /**
   * Answer a peer that starts ZRTP before we did (its Hello arrives first): true for
   * `zrtp_send_if_supported` calls whose SDP had no a=zrtp-hash, where we wait for the peer.
   */
  readonly answerPeer: boolean;
  readonly onEvent: (e: ZrtpEvent) => void;
}

export class ZrtpStream {
  readonly #o: ZrtpStreamOptions;
  readonly #now: () => number;
  readonly #timers: StreamTimers;
  #session: ZrtpSession;
  #timer: unknown;
  #started = false;
  #closed = false;
  #secure: SecureInfo | undefined;
  #peerClient: string | undefined;
  /** Where the peer's ZRTP came from: our answer goes there while SDP has not told us yet. */
  #peerFrom: DatagramFrom | undefined;

  constructor(options: ZrtpStreamOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => performance.now());
    this.#timers = options.timers ?? realTimers;
    this.#session = this.#newSession();
    options.transport.intercept((datagram, from) => {
      if (!isZrtpPacket(datagram)) return false;
      this.#peerFrom ??= { address: from.address, port: from.port };
      this.#receive(datagram);
      return true;
    });
  }

  #newSession(): ZrtpSession {
    const o = this.#o;
    return new ZrtpSession({
      cache: o.cache,
      ssrc: o.transport.ssrc,
      random: o.random,
      allowClear: o.allowClear,
      send: (bytes) => {
        // Before the SDP answer tells us where the peer is (it may start ZRTP as soon as it has
        // answered), answer where its ZRTP came from, as symmetric RTP would; else T1 retries.
        if (this.#closed || o.transport.sendDatagram(bytes)) return;
        if (this.#peerFrom) o.transport.sendDatagram(bytes, this.#peerFrom);
      },
      onEvent: (e) => this.#event(e),
    });
  }

  /** Our `a=zrtp-hash` value, `1.10 <hex>` (section 8.1). */
  get zrtpHash(): string {
    return this.#session.zrtpHash;
  }

  get state(): ZrtpState {
    return this.#session.state;
  }

  get started(): boolean {
    return this.#started;
  }

  /** The last completed key agreement (until GoClear). */
  get secure(): SecureInfo | undefined {
    return this.#secure;
  }

  /** The far end's client identifier from its Hello. */
  get peerClient(): string | undefined {
    return this.#peerClient;
  }

  /** The far end's a=zrtp-hash from its SDP (checked against its Hello). */
  setPeerZrtpHash(value: string): void {
    this.#session.setPeerZrtpHash(value);
  }

  /** Starts discovery (Hello); a no-op once started. */
  start(): void {
    if (this.#closed || this.#started) return;
    this.#started = true;
    this.#session.start(this.#now());
    this.#schedule();
  }

  /** Asks the far end to go clear (section 4.7.2); false when not secure or not allowed. */
  goClear(): boolean {
    const done = this.#session.goClear(this.#now());
    this.#schedule();
    return done;
  }

  /** After GoClear: a new key agreement from discovery (the far end answers its new Hello). */
  rekey(): boolean {
    const done = this.#session.rekey(this.#now());
    this.#schedule();
    return done;
  }

  confirmSas(): void {
    this.#session.confirmSas();
  }

  resetSas(): void {
    this.#session.resetSas();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
    this.#o.transport.intercept(undefined);
  }

  #receive(datagram: Uint8Array): void {
    if (this.#closed) return;
    if (!this.#started) {
      if (!this.#o.answerPeer) return;
      this.start();
    }
    // A copy: the datagram may be a view into a buffer the socket reuses.
    this.#session.receive(new Uint8Array(datagram), this.#now());
    this.#schedule();
  }

  #event(e: ZrtpEvent): void {
    if (e.type === 'peer-hello') this.#peerClient = e.clientId.trim();
    if (e.type === 'secure') {
      this.#secure = e.info;
      this.#o.transport.setSrtp({ send: e.info.srtp.send, receive: e.info.srtp.receive });
    }
    if (e.type === 'clear') {
      this.#secure = undefined;
      this.#o.transport.setSrtp(undefined);
    }
    this.#o.onEvent(e);
  }

  #schedule(): void {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
    if (this.#closed) return;
    const at = this.#session.nextDeadline();
    if (at === undefined) return;
    this.#timer = this.#timers.set(
      () => {
        this.#timer = undefined;
        if (this.#closed) return;
        this.#session.tick(this.#now());
        this.#schedule();
      },
      Math.max(0, at - this.#now()),
    );
  }
}
