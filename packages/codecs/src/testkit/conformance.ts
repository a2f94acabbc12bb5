import { describe, expect, it } from 'vitest';
import {
  type AudioCodecFactory,
  type AudioDecoder,
  type AudioEncoder,
  CodecError,
  type DecoderParams,
  type EncoderParams,
  samplesForDuration,
} from '../codec.js';
import { seededRandom, speechLikeSignal } from './signal.js';
import { findDelay, firstDifference, segmentalSnr, snr } from './snr.js';

/** Options for {@link describeCodecConformance}. */
export interface CodecConformanceOptions {
  /** Minimum SNR in dB of encode then decode of the test signal. */
  readonly minSnrDb: number;
  /** Minimum segmental SNR in dB (20 ms segments), if the codec should meet one. */
  readonly minSegmentalSnrDb?: number;
  /**
   * Samples per channel by which the decoder output lags the input, or `'auto'`
   * to find it by cross-correlation (up to two frames). Default 0.
   */
  readonly delaySamples?: number | 'auto';
  /** Length of the test signal in ms. Default 2000. */
  readonly durationMs?: number;
  /** Seed of the test signal. Default 1. */
  readonly seed?: number;
  /** Peak of the test signal as a fraction of full scale. Default 0.5. */
  readonly peak?: number;
  /** Expected payload size in bytes for a frame of `frameSamples`, for constant-rate codecs. */
  readonly payloadBytes?: (frameSamples: number) => number;
  /** Payload sizes may vary from frame to frame (skips the constant-size check). */
  readonly variableBitrate?: boolean;
  /** Extra parameters for every encoder the kit creates (`frameSamples` is set by the kit). */
  readonly encoderParams?: EncoderParams;
  readonly decoderParams?: DecoderParams;
  /** Test name prefix. Default: the codec's `name/clockRate[/channels]`. */
  readonly title?: string;
}

/**
 * Registers a vitest `describe` block that checks a codec against the contract of
 * `AudioCodecFactory`, `AudioEncoder` and `AudioDecoder`: a sane description,
 * frame sizes for every `frameDurations` entry, constant payload sizes, round
 * trip quality, `reset`, no state shared between instances, concealment, and
 * robustness against garbage payloads (return PCM or throw `CodecError`, nothing
 * else). Call it at the top level of a `*.test.ts` file. Needs vitest (a peer
 * dependency of `@twinkle/codecs/testkit`).
 */
export function describeCodecConformance(factory: AudioCodecFactory, options: CodecConformanceOptions): void {
  const ch = factory.channels;
  const title = options.title ?? `${factory.name}/${factory.clockRate}${ch > 1 ? `/${ch}` : ''} conformance`;
  const durationMs = options.durationMs ?? 2000;
  const signal = interleave(
    Array.from({ length: ch }, (_, c) =>
      speechLikeSignal({
        sampleRate: factory.sampleRate,
        samples: samplesForDuration(factory.sampleRate, durationMs),
        seed: (options.seed ?? 1) + c * 7919,
        peak: options.peak ?? 0.5,
      }),
    ),
  );
  const makeEncoder = (frameSamples?: number): AudioEncoder =>
    factory.createEncoder({ ...options.encoderParams, ...(frameSamples ? { frameSamples } : {}) });
  const makeDecoder = (): AudioDecoder => factory.createDecoder(options.decoderParams);

  describe(title, () => {
    it('describes itself sanely (name, rates, channels, durations, payload type)', () => {
      expect(factory.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/);
      for (const rate of [factory.sampleRate, factory.clockRate]) {
        expect(Number.isInteger(rate) && rate > 0).toBe(true);
      }
      // The RTP clock and the sample rate differ only by an integer ratio (G.722: 16000 vs 8000).
      const ratio =
        Math.max(factory.sampleRate, factory.clockRate) / Math.min(factory.sampleRate, factory.clockRate);
      expect(Number.isInteger(ratio)).toBe(true);
      expect(Number.isInteger(ch) && ch >= 1).toBe(true);
      expect(factory.frameDurations.length).toBeGreaterThan(0);
      for (const d of factory.frameDurations) {
        expect(d).toBeGreaterThan(0);
        expect(Number.isInteger(samplesForDuration(factory.sampleRate, d))).toBe(true);
        expect(Number.isInteger(samplesForDuration(factory.clockRate, d))).toBe(true);
      }
      if (factory.staticPayloadType !== undefined) {
        expect(Number.isInteger(factory.staticPayloadType)).toBe(true);
        expect(factory.staticPayloadType).toBeGreaterThanOrEqual(0);
        expect(factory.staticPayloadType).toBeLessThan(96);
      }
    });

    it('accepts its own fmtp, if it compares fmtps', () => {
      if (!factory.fmtpMatches) return;
      const own = factory.fmtp ?? {};
      expect(factory.fmtpMatches(own, own)).toBe(true);
    });

    it('defaults to the first frame duration', () => {
      const first = factory.frameDurations[0]!;
      expect(makeEncoder().frameSamples).toBe(samplesForDuration(factory.sampleRate, first));
    });

    for (const d of factory.frameDurations) {
      const n = samplesForDuration(factory.sampleRate, d);
      it(`encodes and decodes ${d} ms frames (${n} samples per channel)`, () => {
        const enc = makeEncoder(n);
        expect(enc.frameSamples).toBe(n);
        const dec = makeDecoder();
        const sizes = new Set<number>();
        for (const frame of frames(signal, n * ch)) {
          const payload = enc.encode(frame);
          expect(payload).toBeInstanceOf(Uint8Array);
          expect(payload.length).toBeGreaterThan(0);
          sizes.add(payload.length);
          if (options.payloadBytes) expect(payload.length).toBe(options.payloadBytes(n));
          const pcm = dec.decode(payload);
          expect(pcm).toBeInstanceOf(Int16Array);
          expect(pcm.length).toBe(n * ch);
        }
        if (!options.variableBitrate) expect(sizes.size).toBe(1);
      });
    }

    it('rejects a frame of the wrong size with CodecError invalid-frame-size', () => {
      const enc = makeEncoder();
      for (const len of [enc.frameSamples * ch + 1, enc.frameSamples * ch - 1, 0]) {
        const err = catchError(() => enc.encode(new Int16Array(len)));
        expect(err).toBeInstanceOf(CodecError);
        expect((err as CodecError).code).toBe('invalid-frame-size');
      }
    });

    it('rejects a frame size it does not support with CodecError unsupported-params', () => {
      const err = catchError(() => makeEncoder(7));
      expect(err).toBeInstanceOf(CodecError);
      expect((err as CodecError).code).toBe('unsupported-params');
    });

    it(`round-trips the speech-like signal at >= ${options.minSnrDb} dB SNR`, () => {
      const out = roundTrip(makeEncoder(), makeDecoder(), signal, ch);
      const frameSamples = makeEncoder().frameSamples;
      const delay =
        options.delaySamples === 'auto'
          ? findDelay(signal, out, 2 * frameSamples * ch)
          : (options.delaySamples ?? 0) * ch;
      const end = signal.length - delay;
      expect(snr(signal, out, { delay, end })).toBeGreaterThanOrEqual(options.minSnrDb);
      if (options.minSegmentalSnrDb !== undefined) {
        const seg = samplesForDuration(factory.sampleRate, 20) * ch;
        expect(segmentalSnr(signal, out, { delay, end, segment: seg })).toBeGreaterThanOrEqual(
          options.minSegmentalSnrDb,
        );
      }
    });

    it('gives the same output for the same input (encoder and decoder are deterministic)', () => {
      const a = encodeAll(makeEncoder(), signal, ch);
      const b = encodeAll(makeEncoder(), signal, ch);
      expectSame(b, a);
      expectSame(decodeAll(makeDecoder(), b), decodeAll(makeDecoder(), a));
    });

    it('behaves as new after reset()', () => {
      const fresh = encodeAll(makeEncoder(), signal, ch);
      const enc = makeEncoder();
      encodeAll(enc, signal.subarray(Math.floor(signal.length / 2)), ch);
      enc.reset();
      expectSame(encodeAll(enc, signal, ch), fresh);

      const freshPcm = decodeAll(makeDecoder(), fresh);
      const dec = makeDecoder();
      decodeAll(dec, fresh.slice(fresh.length >> 1));
      dec.conceal?.(enc.frameSamples);
      dec.reset();
      expectSame(decodeAll(dec, fresh), freshPcm);
    });

    it('returns payloads and PCM the caller owns (no reused buffers)', () => {
      const enc = makeEncoder();
      const dec = makeDecoder();
      const n = enc.frameSamples * ch;
      const kept: Uint8Array[] = [];
      const copies: Uint8Array[] = [];
      const pcmKept: Int16Array[] = [];
      const pcmCopies: Int16Array[] = [];
      for (const frame of frames(signal, n)) {
        const payload = enc.encode(frame);
        kept.push(payload);
        copies.push(payload.slice());
        const pcm = dec.decode(payload);
        pcmKept.push(pcm);
        pcmCopies.push(pcm.slice());
      }
      expectSame(kept, copies);
      expectSame(pcmKept, pcmCopies);
    });

    it('shares no state between two instances', () => {
      const other = new Int16Array(signal.length);
      for (let i = 0; i < signal.length; i++) other[i] = signal[signal.length - 1 - i]!;
      const aloneA = encodeAll(makeEncoder(), signal, ch);
      const aloneB = encodeAll(makeEncoder(), other, ch);
      const encA = makeEncoder();
      const encB = makeEncoder();
      const n = encA.frameSamples * ch;
      const gotA: Uint8Array[] = [];
      const gotB: Uint8Array[] = [];
      for (let i = 0; i + n <= signal.length; i += n) {
        gotA.push(encA.encode(signal.subarray(i, i + n)));
        gotB.push(encB.encode(other.subarray(i, i + n)));
      }
      // Comparing after the loop also catches an encoder that returns a reused buffer.
      expectSame(gotA, aloneA);
      expectSame(gotB, aloneB);

      const pcmA = decodeAll(makeDecoder(), aloneA);
      const pcmB = decodeAll(makeDecoder(), aloneB);
      const decA = makeDecoder();
      const decB = makeDecoder();
      const outA: Int16Array[] = [];
      const outB: Int16Array[] = [];
      for (let i = 0; i < aloneA.length; i++) {
        outA.push(decA.decode(aloneA[i]!));
        outB.push(decB.decode(aloneB[i]!));
      }
      expectSame(concat(outA), pcmA);
      expectSame(concat(outB), pcmB);
    });

    it('matches encode() and decode() in encodeInto() and decodeInto() where present', () => {
      const enc = makeEncoder();
      const dec = makeDecoder();
      const payloads = encodeAll(makeEncoder(), signal, ch);
      const ref = decodeAll(makeDecoder(), payloads);
      const buf = new Uint8Array(65536);
      const pcm = new Int16Array(enc.frameSamples * ch * 8);
      let at = 0;
      for (let i = 0; i < payloads.length; i++) {
        const frame = signal.subarray(i * enc.frameSamples * ch, (i + 1) * enc.frameSamples * ch);
        const payload = enc.encodeInto ? buf.slice(0, enc.encodeInto(frame, buf)) : enc.encode(frame);
        expectSame(payload, payloads[i]!);
        const len = dec.decodeInto ? dec.decodeInto(payload, pcm) : dec.decode(payload).length;
        if (dec.decodeInto) expectSame(pcm.subarray(0, len), ref.subarray(at, at + len));
        at += len;
      }
    });

    it('conceals lost frames with the right number of samples, if it can conceal', () => {
      const fresh = makeDecoder();
      if (!fresh.conceal) return;
      const n = makeEncoder().frameSamples;
      expect(fresh.conceal(n)).toHaveLength(n * ch);
      const payloads = encodeAll(makeEncoder(), signal, ch);
      const dec = makeDecoder();
      for (let i = 0; i < payloads.length; i++) {
        if (i % 5 === 3 || i % 11 === 4 || i % 11 === 5) {
          const pcm = dec.conceal!(n);
          expect(pcm).toBeInstanceOf(Int16Array);
          expect(pcm).toHaveLength(n * ch);
        } else {
          expect(dec.decode(payloads[i]!)).toHaveLength(n * ch);
        }
      }
      for (let k = 0; k < 10; k++) expect(dec.conceal!(n)).toHaveLength(n * ch);
    });

    it('survives garbage payloads: returns PCM or throws CodecError, and keeps working', () => {
      const rnd = seededRandom(99);
      const dec = makeDecoder();
      const lengths = [0, 1, 2, 3, 5, 7, 13, 32, 33, 34, 50, 65, 161, 320, 1000, 4097];
      for (const len of lengths) {
        for (const fill of ['random', 'zero', 'ones'] as const) {
          const payload = new Uint8Array(len);
          for (let i = 0; i < len; i++) {
            payload[i] = fill === 'random' ? Math.floor(rnd() * 256) : fill === 'zero' ? 0 : 0xff;
          }
          let out: Int16Array | undefined;
          try {
            out = dec.decode(payload);
          } catch (err) {
            expect(err).toBeInstanceOf(CodecError);
            expect((err as CodecError).code).toBe('malformed-payload');
          }
          if (out) expect(out).toBeInstanceOf(Int16Array);
        }
      }
      const payload = makeEncoder().encode(signal.subarray(0, makeEncoder().frameSamples * ch));
      expect(dec.decode(payload)).toHaveLength(makeEncoder().frameSamples * ch);
    });
  });
}

/**
 * Element-wise equality of sample or byte arrays (or lists of them, compared
 * flattened), reported as the first differing index: much faster than
 * `toEqual` on long typed arrays.
 */
function expectSame(
  actual: ArrayLike<number> | readonly ArrayLike<number>[],
  expected: ArrayLike<number> | readonly ArrayLike<number>[],
): void {
  expect(firstDifference(flatten(actual), flatten(expected)), 'index of the first difference').toBe(-1);
}

function flatten(x: ArrayLike<number> | readonly ArrayLike<number>[]): ArrayLike<number> {
  if (!Array.isArray(x)) return x as ArrayLike<number>;
  const parts = x as readonly ArrayLike<number>[];
  const out: number[] = [];
  for (const p of parts) for (let i = 0; i < p.length; i++) out.push(p[i]!);
  return out;
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

function* frames(signal: Int16Array, n: number): Generator<Int16Array> {
  for (let i = 0; i + n <= signal.length; i += n) yield signal.subarray(i, i + n);
}

/** Encodes frame by frame; copies each payload so that a reused buffer cannot hide here. */
function encodeAll(enc: AudioEncoder, signal: Int16Array, ch: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const frame of frames(signal, enc.frameSamples * ch)) out.push(enc.encode(frame).slice());
  return out;
}

function decodeAll(dec: AudioDecoder, payloads: readonly Uint8Array[]): Int16Array {
  return concat(payloads.map((p) => dec.decode(p)));
}

function roundTrip(enc: AudioEncoder, dec: AudioDecoder, signal: Int16Array, ch: number): Int16Array {
  return decodeAll(dec, encodeAll(enc, signal, ch));
}

function concat(parts: readonly Int16Array[]): Int16Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Int16Array(len);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function interleave(channels: readonly Int16Array[]): Int16Array {
  if (channels.length === 1) return channels[0]!;
  const n = channels[0]!.length;
  const out = new Int16Array(n * channels.length);
  for (let c = 0; c < channels.length; c++) {
    const src = channels[c]!;
    for (let i = 0; i < n; i++) out[i * channels.length + c] = src[i]!;
  }
  return out;
}
