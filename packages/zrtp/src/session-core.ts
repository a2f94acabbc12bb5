import type { AlgorithmChoice, AlgorithmLists } from './algorithms.js';
import type { SecretCache } from './cache.js';
import type { MultistreamParams, ZrtpEvent, ZrtpState } from './events.js';
import type { HashChain } from './hash-chain.js';
import type { SessionKeys } from './kdf.js';
import type { KeyPair } from './key-agreement.js';
import { buildError, buildPacket } from './message-build.js';
import type { HelloMessage } from './message-types.js';

/** Retransmission schedule of section 6: T1 for Hello, T2 for Commit, DHPart2, Confirm2, GoClear, Error. */
export interface TimerSpec {
  readonly initial: number;
  readonly cap: number;
  readonly maxRetransmissions: number;
}

/** T1: 50 ms doubling to 200 ms, 20 retransmissions (section 6). */
export const T1: TimerSpec = { initial: 50, cap: 200, maxRetransmissions: 20 };
/** T2: 150 ms doubling to 1200 ms, 10 retransmissions (section 6). */
export const T2: TimerSpec = { initial: 150, cap: 1200, maxRetransmissions: 10 };

interface Retransmission {
  readonly message: Uint8Array;
  readonly spec: TimerSpec;
  interval: number;
  deadline: number;
  count: number;
  readonly onGiveUp: 'no-peer' | 'timeout';
}

/** Options every session needs; see {@link ZrtpSession}. */
export interface CoreOptions {
  readonly cache: SecretCache;
  readonly ssrc: number;
  readonly random: (n: number) => Uint8Array;
  readonly send: (packet: Uint8Array) => void;
  readonly onEvent: (e: ZrtpEvent) => void;
  readonly algorithms: AlgorithmLists;
  readonly clientId: string;
  readonly initiate: boolean;
  readonly allowClear: boolean;
  readonly peerHelloHash: string | undefined;
  readonly multistream: MultistreamParams | undefined;
  readonly cacheExpiration: number;
  readonly wallClock: () => number;
}

/**
 * The mutable state of one ZRTP stream, shared by the transition functions. Internal:
 * the public face is {@link ZrtpSession}.
 */
export class SessionCore {
  state: ZrtpState = 'idle';
  readonly chain: HashChain;
  /** Our Hello message octets (what a=zrtp-hash covers). */
  hello!: Uint8Array;
  helloAcked = false;
  peerHello: { readonly msg: HelloMessage; readonly raw: Uint8Array } | undefined;
  role: 'initiator' | 'responder' | undefined;
  choice: AlgorithmChoice | undefined;
  mode: 'dh' | 'multistream' = 'dh';
  keyPair: KeyPair | undefined;
  /** Our Commit (initiator) and the one we answered (responder). */
  commit: Uint8Array | undefined;
  peerCommit: { readonly raw: Uint8Array; readonly h2: Uint8Array } | undefined;
  nonce: Uint8Array | undefined;
  hvi: Uint8Array | undefined;
  dhPart1: Uint8Array | undefined;
  dhPart2: Uint8Array | undefined;
  /** H1 the peer revealed in its DHPart. */
  peerH1: Uint8Array | undefined;
  confirm1: Uint8Array | undefined;
  keys: SessionKeys | undefined;
  cacheMismatch = false;
  peerVerified = false;
  /** The peer's a=zrtp-hash value, when its SDP carried one. */
  peerHelloHash: string | undefined;
  peerAllowsClear = false;
  /** The cache expiration interval of the peer's Confirm, in seconds. */
  peerCacheExpiration = 0xffffffff;
  #seq: number;
  #timer: Retransmission | undefined;

  constructor(
    readonly opts: CoreOptions,
    chain: HashChain,
  ) {
    this.chain = chain;
    const r = opts.random(2);
    this.#seq = ((r[0]! << 8) | r[1]!) & 0x7fff;
  }

  get zid(): Uint8Array {
    return this.opts.cache.zid;
  }

  /** Sends one message in a fresh packet. */
  send(message: Uint8Array): void {
    this.#seq = (this.#seq + 1) & 0xffff;
    this.opts.send(buildPacket(this.#seq, this.opts.ssrc, message));
  }

  /** Sends a message and keeps retransmitting it on the given schedule until {@link stopTimer}. */
  sendReliably(
    message: Uint8Array,
    spec: TimerSpec,
    now: number,
    onGiveUp: 'no-peer' | 'timeout' = 'timeout',
  ): void {
    this.send(message);
    this.#timer = { message, spec, interval: spec.initial, deadline: now + spec.initial, count: 0, onGiveUp };
  }

  stopTimer(): void {
    this.#timer = undefined;
  }

  nextDeadline(): number | undefined {
    return this.#timer?.deadline;
  }

  /** Runs due retransmissions. */
  tick(now: number): void {
    const t = this.#timer;
    if (!t || now < t.deadline) return;
    if (t.count >= t.spec.maxRetransmissions) {
      this.#timer = undefined;
      this.fail(t.onGiveUp);
      return;
    }
    t.count++;
    this.send(t.message);
    t.interval = Math.min(t.interval * 2, t.spec.cap);
    t.deadline = now + t.interval;
  }

  setState(s: ZrtpState): void {
    if (this.state === s) return;
    this.state = s;
    this.opts.onEvent({ type: 'state', state: s });
  }

  emit(e: ZrtpEvent): void {
    this.opts.onEvent(e);
  }

  /** Sends an Error (section 5.9) and retransmits it until ErrorACK. */
  sendError(code: number, now: number): void {
    this.emit({ type: 'error', code, direction: 'sent' });
    this.sendReliably(buildError(code), T2, now);
    this.setState('error-sent');
  }

  fail(reason: 'no-peer' | 'timeout' | 'error'): void {
    this.#timer = undefined;
    this.setState('failed');
    this.emit({ type: 'failed', reason });
  }
}
