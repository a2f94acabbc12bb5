import { encodeRtp, rtpEncodedLength } from '../packet/rtp-encode.js';
import type { SrtpContext } from '../srtp/srtp-context.js';
import { type RandomSource, randomUint32 } from './clock.js';
import type { SenderState } from './report-builder.js';
import type { SendOptions } from './session-options.js';

/**
 * Our outgoing RTP stream: SSRC, sequence number and timestamp management
 * (RFC 3550 section 5.1: random initial values) and the sender counters an SR reports.
 */
export class OutgoingStream {
  ssrc: number;
  #seq: number;
  readonly #tsBase: number;
  #mediaTime = 0;
  readonly #payloadType: number;
  readonly #samplesPerPacket: number;
  packetsSent = 0;
  /** Payload octets sent (the SR octet count). */
  octetsSent = 0;
  lastSentMs = Number.NEGATIVE_INFINITY;
  #lastRtpTs = 0;

  constructor(random: RandomSource, payloadType: number, samplesPerPacket: number) {
    this.ssrc = randomUint32(random);
    this.#seq = randomUint32(random) & 0xffff;
    this.#tsBase = randomUint32(random);
    this.#payloadType = payloadType;
    this.#samplesPerPacket = samplesPerPacket;
  }

  /** Media timestamp (relative to the random base) the next packet gets by default. */
  get mediaTime(): number {
    return this.#mediaTime;
  }

  /**
   * Builds the next packet (SRTP-protected when `srtp` is given) in a fresh pooled
   * buffer (dgram may still hold a buffer after send() returns) and advances the state.
   */
  next(payload: Uint8Array, options: SendOptions, srtp: SrtpContext | undefined, nowMs: number): Uint8Array {
    const init = {
      payloadType: options.payloadType ?? this.#payloadType,
      marker: options.marker ?? false,
      sequenceNumber: this.#seq,
      timestamp: (this.#tsBase + (options.timestamp ?? this.#mediaTime)) >>> 0,
      ssrc: this.ssrc,
      payload,
    };
    const buf = Buffer.allocUnsafe(rtpEncodedLength(init) + (srtp ? srtp.rtpOverhead : 0));
    let wire = encodeRtp(init, buf);
    if (srtp) wire = srtp.protectRtp(wire, buf);
    this.#seq = (this.#seq + 1) & 0xffff;
    this.packetsSent++;
    this.octetsSent += payload.length;
    this.lastSentMs = nowMs;
    this.#lastRtpTs = init.timestamp;
    if (options.timestamp === undefined) this.#mediaTime += options.samples ?? this.#samplesPerPacket;
    return wire;
  }

  /** Picks a new random SSRC other than the current one and those `taken` (RFC 3550 8.2). */
  changeSsrc(random: RandomSource, taken: (ssrc: number) => boolean): number {
    const previous = this.ssrc;
    let next = randomUint32(random);
    // A broken RNG must not hang us: after a few draws, step deterministically.
    for (let tries = 0; next === previous || taken(next); tries++) {
      next = tries < 8 ? randomUint32(random) : (next + 0x9e3779b9) >>> 0;
    }
    this.ssrc = next;
    return next;
  }

  senderState(cname: string, clockRate: number): SenderState {
    return {
      ssrc: this.ssrc,
      cname,
      clockRate,
      packetCount: this.packetsSent,
      octetCount: this.octetsSent,
      lastRtpTimestamp: this.#lastRtpTs,
      lastSentMs: this.lastSentMs,
    };
  }
}
