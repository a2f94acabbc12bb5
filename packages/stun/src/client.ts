/**
 * A STUN client for Binding transactions over UDP (RFC 5389 section 7):
 * requests retransmitted at RTO, 2·RTO, 4·RTO… up to Rc requests, then Rm·RTO
 * of waiting (section 7.2.1); responses matched by transaction ID, checked
 * (FINGERPRINT, unknown comprehension-required attributes, section 7.3) and
 * turned into the reflexive address or an error. Nothing thrown on input:
 * every outcome is a {@link BindingResult}.
 */
import {
  errorCode,
  reflexiveAddress,
  type StunAddress,
  softwareAttribute,
  unknownRequiredAttributes,
} from './attributes.js';
import { StunMethod } from './constants.js';
import { decodeStun, encodeStun, isStunMessage, type StunAttribute, type StunMessage } from './message.js';
import { systemClock } from './system-clock.js';
import type { DatagramSocket, Endpoint, StunClock, TimerHandle } from './types.js';

/** Options of {@link StunClient}. */
export interface StunClientOptions {
  readonly socket: DatagramSocket;
  /** Default the real clock. */
  readonly clock?: StunClock;
  /** Random bytes for transaction IDs (default crypto.getRandomValues). */
  readonly random?: (bytes: number) => Uint8Array;
  /** Initial retransmission timeout, ms (default 500, RFC 5389 section 7.2.1). */
  readonly rto?: number;
  /** Requests sent at most (Rc, default 7). */
  readonly rc?: number;
  /** Wait after the last request, in RTOs (Rm, default 16). */
  readonly rm?: number;
  /** SOFTWARE to send (section 15.10); none by default. */
  readonly software?: string;
  /** Send FINGERPRINT (default true: the socket may carry SIP or RTP too). */
  readonly fingerprint?: boolean;
  /**
   * Smallest RTO learned from round trips (default 100 ms). The RTO of the
   * last transaction to a server is the starting value of the next one for
   * 10 minutes (RFC 5389 section 7.2.1, computed as RFC 2988 does).
   */
  readonly minRto?: number;
}

/** What the client keeps of a server's round trips (RFC 2988 section 2). */
interface RtoState {
  srtt: number | undefined;
  rttvar: number;
  rto: number;
  at: number;
}

/** A cached RTO is stale after this long (RFC 5389 section 7.2.1). */
const RTO_CACHE_MS = 10 * 60_000;

/** Why a Binding transaction failed. */
export type BindingErrorCode =
  /** No response after Rc requests and Rm·RTO (section 7.2.1). */
  | 'timeout'
  /** An error response (ERROR-CODE in `status`). */
  | 'error-response'
  /** A success response without a usable address, or with unknown comprehension-required attributes. */
  | 'bad-response'
  /** The socket refused to send. */
  | 'send-failed'
  /** The client was closed or the request aborted. */
  | 'closed';

export type BindingResult =
  | {
      readonly ok: true;
      /** Our address as the server saw it (XOR-MAPPED-ADDRESS, else MAPPED-ADDRESS). */
      readonly mapped: StunAddress;
      /** Time from the first request to the response, ms. */
      readonly rttMs: number;
      /** Requests sent (1 when the first was answered). */
      readonly requests: number;
      readonly response: StunMessage;
    }
  | {
      readonly ok: false;
      readonly code: BindingErrorCode;
      readonly message: string;
      readonly status?: number;
      /** Requests sent. */
      readonly requests: number;
    };

interface Pending {
  readonly server: Endpoint;
  readonly bytes: Uint8Array;
  readonly started: number;
  readonly resolve: (r: BindingResult) => void;
  sent: number;
  nextRto: number;
  timer: TimerHandle | undefined;
}

const defaultRandom = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** Sends Binding requests and resolves them with the mapped address. */
export class StunClient {
  readonly #socket: DatagramSocket;
  readonly #clock: StunClock;
  readonly #random: (bytes: number) => Uint8Array;
  readonly #rto: number;
  readonly #rc: number;
  readonly #rm: number;
  readonly #attributes: readonly StunAttribute[];
  readonly #fingerprint: boolean;
  readonly #pending = new Map<string, Pending>();
  readonly #rtos = new Map<string, RtoState>();
  readonly #minRto: number;
  readonly #off: () => void;
  #closed = false;

  constructor(options: StunClientOptions) {
    this.#socket = options.socket;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? defaultRandom;
    this.#rto = options.rto ?? 500;
    this.#rc = options.rc ?? 7;
    this.#rm = options.rm ?? 16;
    this.#attributes = options.software === undefined ? [] : [softwareAttribute(options.software)];
    this.#fingerprint = options.fingerprint ?? true;
    this.#minRto = options.minRto ?? 100;
    this.#off = this.#socket.onMessage((data, from) => {
      this.receive(data, from);
    });
  }

  /** Transactions still waiting for a response. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * Asks `server` for our reflexive address. Resolves (never rejects) with
   * the address or why there is none; `signal` ends it early as `closed`.
   */
  bind(server: Endpoint, signal?: AbortSignal): Promise<BindingResult> {
    if (this.#closed || signal?.aborted)
      return Promise.resolve({ ok: false, code: 'closed', message: 'client closed', requests: 0 });
    const transactionId = this.#random(12).slice(0, 12);
    const bytes = encodeStun({
      method: StunMethod.binding,
      class: 'request',
      transactionId,
      attributes: this.#attributes,
      fingerprint: this.#fingerprint,
    });
    const id = hex(transactionId);
    return new Promise<BindingResult>((resolve) => {
      const p: Pending = {
        server,
        bytes,
        started: this.#clock.now(),
        resolve,
        sent: 0,
        nextRto: this.rtoFor(server),
        timer: undefined,
      };
      this.#pending.set(id, p);
      signal?.addEventListener('abort', () => this.#finish(id, this.#failure(p, 'closed', 'aborted')), {
        once: true,
      });
      this.#transmit(id, p);
    });
  }

  /** The RTO the next transaction to `server` starts with: the cached one, else the configured one. */
  rtoFor(server: Endpoint): number {
    const c = this.#rtos.get(server.address);
    if (c === undefined || this.#clock.now() - c.at > RTO_CACHE_MS) return this.#rto;
    return c.rto;
  }

  /**
   * Karn's rule: only an answer to a request sent once is a round-trip
   * sample; after retransmissions the backed-off RTO stays (RFC 2988 5.7).
   */
  #learn(p: Pending, rtt: number): void {
    const now = this.#clock.now();
    const key = p.server.address;
    const old = this.#rtos.get(key);
    const c: RtoState =
      old !== undefined && now - old.at <= RTO_CACHE_MS
        ? old
        : { srtt: undefined, rttvar: 0, rto: this.#rto, at: now };
    c.at = now;
    if (p.sent > 1) {
      c.rto = p.nextRto / 2; // the RTO in effect when the answer came
    } else if (c.srtt === undefined) {
      c.srtt = rtt;
      c.rttvar = rtt / 2;
      c.rto = Math.max(this.#minRto, c.srtt + 4 * c.rttvar);
    } else {
      c.rttvar = 0.75 * c.rttvar + 0.25 * Math.abs(c.srtt - rtt);
      c.srtt = 0.875 * c.srtt + 0.125 * rtt;
      c.rto = Math.max(this.#minRto, c.srtt + 4 * c.rttvar);
    }
    this.#rtos.set(key, c);
  }

  /**
   * Offers a received datagram; returns true when it was a response to one
   * of our transactions (consumed), false otherwise (not STUN, not ours, or
   * malformed: such datagrams are dropped as RFC 5389 section 7.3 says).
   */
  receive(data: Uint8Array, _from: Endpoint): boolean {
    if (!isStunMessage(data)) return false;
    const decoded = decodeStun(data);
    if (!decoded.ok) return false;
    const m = decoded.value;
    if (m.class !== 'success' && m.class !== 'error') return false;
    const id = hex(m.transactionId);
    const p = this.#pending.get(id);
    if (p === undefined || m.method !== StunMethod.binding) return false;
    this.#finish(id, this.#outcome(p, m));
    return true;
  }

  /** Ends every transaction (as `closed`) and stops listening. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#off();
    for (const [id, p] of [...this.#pending]) this.#finish(id, this.#failure(p, 'closed', 'client closed'));
  }

  #outcome(p: Pending, m: StunMessage): BindingResult {
    const unknown = unknownRequiredAttributes(m);
    if (m.class === 'error') {
      const e = errorCode(m);
      // Section 7.3.4: unknown comprehension-required attributes or no ERROR-CODE: simply failed.
      if (e === undefined || unknown.length > 0)
        return this.#failure(p, 'bad-response', 'error response without a usable ERROR-CODE');
      return {
        ok: false,
        code: 'error-response',
        message: `${e.code} ${e.reason}`.trim(),
        status: e.code,
        requests: p.sent,
      };
    }
    if (unknown.length > 0)
      return this.#failure(
        p,
        'bad-response',
        `unknown comprehension-required attributes ${unknown.map((t) => `0x${t.toString(16)}`).join(', ')}`,
      );
    const mapped = reflexiveAddress(m);
    if (mapped === undefined) return this.#failure(p, 'bad-response', 'no (XOR-)MAPPED-ADDRESS');
    const rttMs = this.#clock.now() - p.started;
    this.#learn(p, rttMs);
    return { ok: true, mapped, rttMs, requests: p.sent, response: m };
  }

  #failure(p: Pending, code: BindingErrorCode, message: string): BindingResult {
    return { ok: false, code, message, requests: p.sent };
  }

  #transmit(id: string, p: Pending): void {
    if (!this.#pending.has(id)) return;
    p.sent += 1;
    const last = p.sent >= this.#rc;
    // Section 7.2.1: the next timeout doubles; after the Rc-th request wait Rm·RTO (the initial RTO).
    const wait = last ? this.#rm * this.#rto : p.nextRto;
    p.nextRto *= 2;
    p.timer = this.#clock.setTimer(wait, () => {
      p.timer = undefined;
      if (last)
        this.#finish(
          id,
          this.#failure(p, 'timeout', `no response from ${p.server.address}:${p.server.port}`),
        );
      else this.#transmit(id, p);
    });
    try {
      const sent = this.#socket.send(p.bytes, p.server);
      if (sent instanceof Promise)
        sent.catch((e: unknown) => this.#finish(id, this.#failure(p, 'send-failed', String(e))));
    } catch (e) {
      this.#finish(id, this.#failure(p, 'send-failed', String(e)));
    }
  }

  #finish(id: string, result: BindingResult): void {
    const p = this.#pending.get(id);
    if (p === undefined) return;
    this.#pending.delete(id);
    if (p.timer !== undefined) this.#clock.clearTimer(p.timer);
    p.resolve(result);
  }
}
