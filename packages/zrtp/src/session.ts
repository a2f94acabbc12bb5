import { type AlgorithmLists, DEFAULT_ALGORITHMS } from './algorithms.js';
import { bytesEqual } from './bytes.js';
import type { SecretCache } from './cache.js';
import type { MultistreamParams, ZrtpEvent, ZrtpState } from './events.js';
import { onClearAck, onConf2Ack, onConfirm1, onConfirm2, onGoClear, startGoClear } from './handle-confirm.js';
import { checkHelloHash, onHello, onHelloAck } from './handle-discovery.js';
import { onCommit, onDhPart1, onDhPart2 } from './handle-key-exchange.js';
import { onError, onErrorAck, onPing, onSasRelay } from './handle-misc.js';
import { hashChain, setMac } from './hash-chain.js';
import { buildHello } from './message-build.js';
import { parsePacket } from './message-parse.js';
import type { MessageType, ZrtpPacket } from './message-types.js';
import type { ParseError, Result } from './result.js';
import { ok } from './result.js';
import { type CoreOptions, SessionCore, T1 } from './session-core.js';
import { ZRTP_VERSION, zrtpHashValue } from './zrtp-hash.js';

/** Options of a {@link ZrtpSession}. */
export interface ZrtpSessionOptions {
  /** The retained-secret cache; it also holds our ZID. */
  readonly cache: SecretCache;
  /** Our RTP SSRC, the ZRTP packets' source identifier. */
  readonly ssrc: number;
  /** Cryptographic randomness, e.g. `(n) => crypto.randomBytes(n)`; injected for tests. */
  readonly random: (n: number) => Uint8Array;
  /** Called with every packet to send on the RTP port. */
  readonly send: (packet: Uint8Array) => void;
  readonly onEvent?: (e: ZrtpEvent) => void;
  /** Algorithms to offer, most preferred first; default {@link DEFAULT_ALGORITHMS}. */
  readonly algorithms?: AlgorithmLists;
  /** 16-character client identifier in Hello; default 'Twinkle-TS'. */
  readonly clientId?: string;
  /** Send Commit when discovery completes (default true); false waits for the peer's Commit. */
  readonly initiate?: boolean;
  /** Allow GoClear (the A flag); default false. */
  readonly allowClear?: boolean;
  /** The peer's a=zrtp-hash value from SDP, checked against its Hello (section 8.1). */
  readonly peerHelloHash?: string;
  /** From the first stream's secure event: run this stream in Multistream mode. */
  readonly multistream?: MultistreamParams;
  /** Cache expiration interval in seconds sent in Confirm; default 0xffffffff (never). */
  readonly cacheExpiration?: number;
  /** Wall clock in ms for cache expiry; default Date.now. */
  readonly wallClock?: () => number;
}

type Handler = (c: SessionCore, p: ZrtpPacket, now: number) => void;

const common: Partial<Record<MessageType, Handler>> = { Error: onError, Ping: onPing };

/**
 * The transition table: for each state, the messages it acts on (RFC 6189 sections 4-6).
 * Anything else is ignored, as section 6 asks of unexpected messages.
 */
const TRANSITIONS: Readonly<Record<ZrtpState, Partial<Record<MessageType, Handler>>>> = {
  idle: { Ping: onPing },
  discovery: { ...common, Hello: onHello, HelloACK: onHelloAck, Commit: onCommit },
  'wait-commit': { ...common, Hello: onHello, Commit: onCommit },
  'commit-sent': { ...common, Hello: onHello, Commit: onCommit, DHPart1: onDhPart1, Confirm1: onConfirm1 },
  'dhpart1-sent': { ...common, Hello: onHello, Commit: onCommit, DHPart2: onDhPart2 },
  'dhpart2-sent': { ...common, Confirm1: onConfirm1 },
  'confirm1-sent': { ...common, Commit: onCommit, DHPart2: onDhPart2, Confirm2: onConfirm2 },
  'confirm2-sent': { ...common, Conf2ACK: onConf2Ack },
  secure: { ...common, Hello: onHello, Confirm2: onConfirm2, GoClear: onGoClear, SASrelay: onSasRelay },
  'go-clear-sent': { ...common, ClearACK: onClearAck, GoClear: onGoClear },
  clear: { Ping: onPing, GoClear: onGoClear },
  'error-sent': { ...common, ErrorACK: onErrorAck },
  failed: { ...common },
};

/**
 * One ZRTP key agreement on one media stream (RFC 6189). It owns no socket and no timer:
 * feed it received ZRTP packets with {@link receive}, call {@link tick} at
 * {@link nextDeadline}, and send what it hands to `send`. The `secure` event carries the
 * SRTP keys for each direction and the SAS.
 */
export class ZrtpSession {
  #c: SessionCore;
  readonly #opts: CoreOptions;

  constructor(options: ZrtpSessionOptions) {
    const opts = {
      cache: options.cache,
      ssrc: options.ssrc,
      random: options.random,
      send: options.send,
      onEvent: options.onEvent ?? (() => {}),
      algorithms: options.algorithms ?? DEFAULT_ALGORITHMS,
      clientId: options.clientId ?? 'Twinkle-TS',
      initiate: options.initiate ?? true,
      allowClear: options.allowClear ?? false,
      peerHelloHash: options.peerHelloHash,
      multistream: options.multistream,
      cacheExpiration: options.cacheExpiration ?? 0xffffffff,
      wallClock: options.wallClock ?? Date.now,
    };
    this.#opts = opts;
    this.#c = this.#core(opts.peerHelloHash);
  }

  /** A fresh session core: its own hash chain, so a new Hello (H3) and new images to reveal. */
  #core(peerHelloHash: string | undefined): SessionCore {
    const opts = this.#opts;
    const c = new SessionCore(opts, hashChain(opts.random(32)));
    const a = opts.algorithms;
    const keyAgreement = opts.multistream ? ['Mult', ...a.keyAgreement] : [...a.keyAgreement];
    c.hello = setMac(
      buildHello({
        version: ZRTP_VERSION,
        clientId: opts.clientId,
        h3: c.chain.h3,
        zid: opts.cache.zid,
        hash: a.hash,
        cipher: a.cipher,
        authTag: a.authTag,
        keyAgreement,
        sas: a.sas,
      }),
      c.chain.h2,
    );
    c.peerHelloHash = peerHelloHash;
    return c;
  }

  /**
   * Sets the peer's `a=zrtp-hash` value once its SDP arrives (our own offer already carried
   * {@link zrtpHash}, so the session exists before the answer). Checked now if the peer's
   * Hello is already here, otherwise when it comes.
   */
  setPeerZrtpHash(value: string): void {
    this.#c.peerHelloHash = value;
    checkHelloHash(this.#c);
  }

  /** The current state. */
  get state(): ZrtpState {
    return this.#c.state;
  }

  /** Our Hello message octets. */
  get hello(): Uint8Array {
    return this.#c.hello;
  }

  /** The value for our SDP `a=zrtp-hash` attribute (section 8.1). */
  get zrtpHash(): string {
    return zrtpHashValue(this.#c.hello);
  }

  /** Starts discovery: Hello, retransmitted on T1 until HelloACK or Commit. */
  start(now: number): void {
    if (this.#c.state !== 'idle') return;
    this.#c.setState('discovery');
    this.#c.sendReliably(this.#c.hello, T1, now, 'no-peer');
  }

  /** Feeds one received ZRTP packet. Never throws; returns the parse error for bad input. */
  receive(packet: Uint8Array, now: number): Result<void, ParseError> {
    const p = parsePacket(packet);
    if (!p.ok) return p;
    // After GoClear the peer goes secure again from discovery with a new Hello (new hash
    // chain): answer it with a new exchange of our own. A repeated old Hello changes nothing.
    const c = this.#c;
    if (
      c.state === 'clear' &&
      p.value.message.type === 'Hello' &&
      !bytesEqual(c.peerHello?.raw ?? new Uint8Array(0), p.value.raw)
    )
      this.rekey(now);
    const handler = TRANSITIONS[this.#c.state][p.value.message.type];
    handler?.(this.#c, p.value, now);
    return ok(undefined);
  }

  /** Runs due retransmissions and timeouts. */
  tick(now: number): void {
    this.#c.tick(now);
  }

  /** When {@link tick} next has work, or undefined. */
  nextDeadline(): number | undefined {
    return this.#c.nextDeadline();
  }

  /** Asks to switch back to clear RTP (section 4.7.2); false when not secure or not allowed by both. */
  goClear(now: number): boolean {
    return startGoClear(this.#c, now);
  }

  /**
   * Goes secure again after GoClear (section 4.7.2): a new key agreement from discovery with
   * a fresh hash chain and Hello, so no hash image of the first exchange is used again; the
   * retained secret of the first one keys it as on a new call. False unless in `clear`.
   * The SDP's a=zrtp-hash named the first Hello only, so it is not checked again.
   */
  rekey(now: number): boolean {
    if (this.#c.state !== 'clear') return false;
    this.#c = this.#core(undefined);
    this.start(now);
    return true;
  }

  /** The user compared the SAS and it matched: set the verified flag in the cache (section 7.1). */
  confirmSas(): void {
    this.#setVerified(true);
  }

  /** Clear the SAS verified flag. */
  resetSas(): void {
    this.#setVerified(false);
  }

  #setVerified(v: boolean): void {
    const peer = this.#c.peerHello?.msg.zid;
    if (!peer) return;
    const e = this.#c.opts.cache.get(peer);
    this.#c.opts.cache.set(peer, { ...(e ?? {}), verified: v });
  }
}
