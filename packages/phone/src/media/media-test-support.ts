import { readFileSync } from 'node:fs';
import {
  type AudioDeviceEvent,
  type AudioFormat,
  type AudioSink,
  type AudioSource,
  Listeners,
  type MediaClock,
  parseWav,
  type VirtualClock,
} from '@twinkle/audio-alsa';
import type { AudioCodecFactory } from '@twinkle/codecs';
import { SdpSession } from '@twinkle/sdp';
import type { MediaCodec } from './media-codec.js';
import type { MediaNegotiation, MediaSession } from './media-session.js';

/*
 * Helpers for the media tests: SDP between two sessions, virtual time with real sockets,
 * and the audio measures (alignment by cross-correlation, SNR, segmental SNR).
 */

/** Reads a WAV file's samples and rate. */
export function readWav(path: string | URL): { rate: number; samples: Int16Array } {
  const r = parseWav(readFileSync(path));
  if (!r.ok) throw new Error(`${String(path)}: ${r.error.message}`);
  return { rate: r.value.sampleRate, samples: r.value.samples };
}

/** One side of {@link negotiate}. */
export interface Peer {
  readonly media: MediaSession;
  readonly codecs: readonly MediaCodec[];
  readonly ptime?: number;
  /** false: no telephone-event in the SDP. */
  readonly telephoneEvent?: false;
}

/** Offer from `a`, answer from `b`, both on 127.0.0.1: the negotiation result of each side. */
export function negotiate(
  a: Peer,
  b: Peer,
): { a: MediaNegotiation; b: MediaNegotiation; sdpA: SdpSession<MediaCodec>; sdpB: SdpSession<MediaCodec> } {
  const sdpA = new SdpSession<MediaCodec>({
    address: '127.0.0.1',
    port: a.media.localAddress.port,
    rtcpPort: a.media.localRtcpAddress.port,
    sessionId: '1',
    codecs: a.codecs,
    ...(a.ptime ? { ptime: a.ptime } : {}),
    ...(a.telephoneEvent === false ? { telephoneEvent: false } : {}),
  });
  const sdpB = new SdpSession<MediaCodec>({
    address: '127.0.0.1',
    port: b.media.localAddress.port,
    rtcpPort: b.media.localRtcpAddress.port,
    sessionId: '2',
    codecs: b.codecs,
    ...(b.ptime ? { ptime: b.ptime } : {}),
    ...(b.telephoneEvent === false ? { telephoneEvent: false } : {}),
  });
  const answer = reoffer(sdpA, sdpB);
  return { ...answer, sdpA, sdpB };
}

/** One offer/answer round (initial or re-INVITE) from `offerer` to `answerer`. */
export function reoffer(
  offerer: SdpSession<MediaCodec>,
  answerer: SdpSession<MediaCodec>,
  offer = offerer.createOffer(),
): { a: MediaNegotiation; b: MediaNegotiation } {
  const answered = answerer.receiveOffer(offer);
  if (!answered.ok) throw new Error(answered.error.reason);
  const applied = offerer.applyAnswer(answered.value.sdp);
  if (!applied.ok) throw new Error(applied.error.reason);
  const a = applied.value.audio;
  const b = answered.value.negotiation.audio;
  if (!a || !b) throw new Error('no audio negotiated');
  return { a, b };
}

/**
 * Runs `ms` of virtual media time in 20 ms steps; after each step waits (real time, bounded)
 * until every packet sent so far has arrived, so the result does not depend on machine load.
 */
export async function runMedia(
  clock: VirtualClock,
  ms: number,
  a: MediaSession,
  b: MediaSession,
  alsoAdvance?: (ms: number) => void,
): Promise<void> {
  for (let t = 0; t < ms; t += 20) {
    clock.advance(20);
    alsoAdvance?.(20);
    const deadline = Date.now() + 10_000;
    const arrived = (m: MediaSession) => m.packetsReceived + m.packetsDropped;
    while (arrived(b) < a.packetsSent || arrived(a) < b.packetsSent) {
      if (Date.now() > deadline) throw new Error('packets did not arrive within 10 s');
      await new Promise((r) => setImmediate(r));
    }
  }
}

/** The source through a fresh encoder and decoder, frame by frame: what a clean call should play. */
export function codecRoundTrip(factory: AudioCodecFactory, pcm: Int16Array, frameMs: number): Int16Array {
  const n = (factory.sampleRate * frameMs) / 1000;
  const enc = factory.createEncoder({ frameSamples: n });
  const dec = factory.createDecoder();
  const out = new Int16Array(Math.floor(pcm.length / n) * n);
  for (let i = 0; i + n <= pcm.length; i += n) {
    out.set(dec.decode(enc.encode(pcm.subarray(i, i + n))).subarray(0, n), i);
  }
  return out;
}

/** The lag (0..maxLag) at which `rec[i + lag]` best matches `ref[i]` over `ref[from, from + len)`, by normalised correlation. */
export function bestLag(ref: Int16Array, rec: Int16Array, from: number, len: number, maxLag: number): number {
  let best = 0;
  let bestC = -Infinity;
  for (let lag = 0; lag <= maxLag && from + lag + len <= rec.length; lag++) {
    const c = correlation(ref, rec, lag, from, len);
    if (c > bestC) {
      bestC = c;
      best = lag;
    }
  }
  return best;
}

/** Normalised correlation of `ref[from..]` with `rec[from + lag..]` over `len` samples. */
export function correlation(
  ref: Int16Array,
  rec: Int16Array,
  lag: number,
  from: number,
  len: number,
): number {
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = from; i < from + len; i++) {
    const x = ref[i]!;
    const y = rec[i + lag] ?? 0;
    xy += x * y;
    xx += x * x;
    yy += y * y;
  }
  return xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
}

/** Signal-to-noise ratio of `rec` (shifted by `lag`) against `ref`, dB (200 when identical). */
export function snrDb(ref: Int16Array, rec: Int16Array, lag: number, from: number, len: number): number {
  let s = 0;
  let e = 0;
  for (let i = from; i < from + len; i++) {
    const d = ref[i]! - (rec[i + lag] ?? 0);
    s += ref[i]! * ref[i]!;
    e += d * d;
  }
  return e === 0 ? 200 : 10 * Math.log10(s / e);
}

/** Segmental SNR over `seg`-sample segments with speech in them, each clamped to [-10, 35] dB. */
export function segmentalSnrDb(
  ref: Int16Array,
  rec: Int16Array,
  lag: number,
  from: number,
  len: number,
  seg: number,
): number {
  let sum = 0;
  let count = 0;
  for (let start = from; start + seg <= from + len; start += seg) {
    let s = 0;
    let e = 0;
    for (let i = start; i < start + seg; i++) {
      const d = ref[i]! - (rec[i + lag] ?? 0);
      s += ref[i]! * ref[i]!;
      e += d * d;
    }
    if (s / seg < 100 * 100) continue; // a pause: no meaningful ratio
    sum += Math.min(35, Math.max(-10, e === 0 ? 35 : 10 * Math.log10(s / e)));
    count++;
  }
  return count > 0 ? sum / count : 0;
}

/** A speaker that keeps what it plays in memory, pulling one frame per `frameMs` of the clock. */
export class MemorySink implements AudioSink {
  readonly name = 'memory';
  readonly events = new Listeners<AudioDeviceEvent>();
  readonly format: AudioFormat;
  readonly #frames: Int16Array[] = [];
  #stop: (() => void) | undefined;

  constructor(
    private readonly clock: MediaClock,
    sampleRate = 8000,
  ) {
    this.format = { sampleRate, channels: 1, frameMs: 20 };
  }

  write(frame: Int16Array): void {
    this.#frames.push(frame.slice());
  }

  pullFrom(fill: (frame: Int16Array) => void): void {
    const frame = new Int16Array((this.format.sampleRate * this.format.frameMs) / 1000);
    this.#stop = this.clock.every(this.format.frameMs, () => {
      fill(frame);
      this.#frames.push(frame.slice());
    });
  }

  /** Frames played so far. */
  get frames(): readonly Int16Array[] {
    return this.#frames;
  }

  async close(): Promise<void> {
    this.#stop?.();
  }
}

/** Root mean square of a frame. */
export function rms(frame: Int16Array): number {
  let e = 0;
  for (const v of frame) e += v * v;
  return frame.length > 0 ? Math.sqrt(e / frame.length) : 0;
}

/** A microphone that plays `samples` (then silence), one frame per `frameMs` of the clock. */
export class ArraySource implements AudioSource {
  readonly name = 'array';
  readonly events = new Listeners<AudioDeviceEvent>();
  readonly format: AudioFormat;
  #stop: (() => void) | undefined;

  constructor(
    private readonly clock: MediaClock,
    private readonly samples: Int16Array,
    sampleRate = 8000,
  ) {
    this.format = { sampleRate, channels: 1, frameMs: 20 };
  }

  start(onFrame: (frame: Int16Array) => void): void {
    const frame = new Int16Array((this.format.sampleRate * this.format.frameMs) / 1000);
    let at = 0;
    this.#stop = this.clock.every(this.format.frameMs, () => {
      frame.fill(0);
      frame.set(this.samples.subarray(at, at + frame.length));
      at += frame.length;
      onFrame(frame);
    });
  }

  async close(): Promise<void> {
    this.#stop?.();
  }
}
