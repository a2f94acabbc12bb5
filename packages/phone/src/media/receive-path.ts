import type { AudioCodecFactory, AudioDecoder, Fmtp } from '@twinkle/codecs';
import { Resampler } from '@twinkle/codecs';
import {
  DtmfDetector,
  JitterBuffer,
  type JitterBufferStats,
  type RtpPacket,
  TelephoneEventReceiver,
} from '@twinkle/rtp';
import type { TelephoneEventFormat } from '@twinkle/sdp';
import type { DtmfReceived } from './media-types.js';
import { SampleFifo } from './sample-fifo.js';

/** A codec we accept, by our payload type. */
export interface ReceiveCodecConfig {
  readonly factory: AudioCodecFactory;
  readonly fmtp?: Fmtp;
}

/** What the receive path decodes. */
export interface ReceiveConfig {
  readonly codecs: ReadonlyMap<number, ReceiveCodecConfig>;
  readonly telephoneEvent?: TelephoneEventFormat;
  readonly ptimeMs: number;
}

interface Decoding {
  readonly factory: AudioCodecFactory;
  readonly decoder: AudioDecoder;
  readonly resampler: Resampler | undefined;
}

/** Options of a {@link ReceivePath}. */
export interface ReceivePathOptions {
  readonly deviceRate: number;
  readonly now: () => number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly detectInband: boolean;
  readonly onDtmf: (dtmf: DtmfReceived) => void;
}

/**
 * Network to speaker: RTP -> jitter buffer -> decode (or conceal a `missing` frame) ->
 * inband DTMF detection -> resampling to the device rate -> device-sized frames. RFC 4733
 * packets go to their own receiver instead. The speaker pulls (`fill`), so the device's clock
 * paces playout and the jitter buffer is asked for a frame when the device needs one.
 */
export class ReceivePath {
  /** Whether the negotiated direction lets us receive; when false, packets are dropped and silence played. */
  playing = false;
  #config: ReceiveConfig | undefined;
  #jitter: JitterBuffer | undefined;
  #clockRate = 0;
  readonly #decoders = new Map<number, Decoding>();
  #last: Decoding | undefined;
  readonly #fifo = new SampleFifo();
  #mono = new Int16Array(0);
  #resampled = new Int16Array(0);
  #events: TelephoneEventReceiver | undefined;
  #detector: DtmfDetector | undefined;
  #detectorRate = 0;
  #heardEvents = false;
  #decodeErrors = 0;

  constructor(private readonly options: ReceivePathOptions) {}

  /** Jitter buffer figures (zeros before the first configuration). */
  get jitterStats(): JitterBufferStats | undefined {
    return this.#jitter?.stats;
  }

  /** Payloads the decoder refused (played as concealment). */
  get decodeErrors(): number {
    return this.#decodeErrors;
  }

  configure(config: ReceiveConfig): void {
    const first = config.codecs.values().next().value as ReceiveCodecConfig | undefined;
    const clockRate = first?.factory.clockRate ?? 8000;
    if (!this.#jitter || clockRate !== this.#clockRate) {
      this.#jitter = new JitterBuffer({
        clockRate,
        ptimeMs: config.ptimeMs,
        minDelayMs: this.options.minDelayMs,
        maxDelayMs: this.options.maxDelayMs,
      });
      this.#clockRate = clockRate;
      this.#fifo.clear();
    }
    for (const [pt, d] of this.#decoders) {
      if (config.codecs.get(pt)?.factory !== d.factory) this.#decoders.delete(pt);
    }
    const te = config.telephoneEvent;
    if (!te) this.#events = undefined;
    else if (this.#config?.telephoneEvent?.clockRate !== te.clockRate || !this.#events) {
      this.#events = new TelephoneEventReceiver({ clockRate: te.clockRate });
    }
    this.#config = config;
  }

  /** One accepted RTP packet, at the clock's current time. */
  put(packet: RtpPacket): void {
    const config = this.#config;
    if (!config || !this.playing) return;
    const now = this.options.now();
    if (this.#events && packet.payloadType === config.telephoneEvent?.payloadType) {
      this.#heardEvents = true;
      for (const r of this.#events.receive(packet, now)) {
        if (r.digit) this.options.onDtmf({ digit: r.digit, durationMs: r.durationMs, method: 'rfc2833' });
      }
      return;
    }
    if (!config.codecs.has(packet.payloadType)) return; // RFC 3550 section 5.1: ignore unknown types
    this.#jitter!.put(packet, now);
  }

  /** Ends RFC 4733 events whose end packets were lost; call every frame. */
  poll(): void {
    if (!this.#events) return;
    for (const r of this.#events.poll(this.options.now())) {
      if (r.digit) this.options.onDtmf({ digit: r.digit, durationMs: r.durationMs, method: 'rfc2833' });
    }
  }

  /** Fills one device frame (silence where nothing is due). */
  fill(frame: Int16Array): void {
    this.poll();
    if (!this.playing || !this.#jitter) {
      frame.fill(0);
      return;
    }
    const now = this.options.now();
    // Two pulls at most: ptime and device frames need not be the same length.
    for (let i = 0; i < 2 && this.#fifo.length < frame.length; i++) {
      const r = this.#jitter.get(now);
      if (r.kind === 'frame') this.#decode(r.packet.payloadType, r.packet.payload, r.durationTs);
      else if (r.kind === 'missing') this.#conceal(r.durationTs);
      else break;
    }
    const n = this.#fifo.read(frame);
    frame.fill(0, n);
  }

  #decoding(pt: number): Decoding | undefined {
    let d = this.#decoders.get(pt);
    if (d) return d;
    const c = this.#config?.codecs.get(pt);
    if (!c) return undefined;
    const rate = c.factory.sampleRate;
    d = {
      factory: c.factory,
      decoder: c.factory.createDecoder(c.fmtp ? { fmtp: c.fmtp } : {}),
      resampler:
        rate === this.options.deviceRate
          ? undefined
          : new Resampler({ inputRate: rate, outputRate: this.options.deviceRate, quality: 'low-latency' }),
    };
    this.#decoders.set(pt, d);
    return d;
  }

  #decode(pt: number, payload: Uint8Array, durationTs: number): void {
    const d = this.#decoding(pt);
    if (!d) return;
    let pcm: Int16Array;
    try {
      pcm = d.decoder.decode(payload);
    } catch {
      this.#decodeErrors++;
      this.#last = d;
      this.#conceal(durationTs);
      return;
    }
    this.#last = d;
    this.#play(d, pcm);
  }

  #conceal(durationTs: number): void {
    const d = this.#last;
    if (!d) return;
    const samples = Math.round((durationTs * d.factory.sampleRate) / d.factory.clockRate);
    const pcm = d.decoder.conceal?.(samples) ?? new Int16Array(samples * d.factory.channels);
    this.#play(d, pcm);
  }

  #play(d: Decoding, decoded: Int16Array): void {
    let pcm = decoded;
    if (d.factory.channels === 2) {
      const n = decoded.length >> 1;
      if (this.#mono.length < n) this.#mono = new Int16Array(n);
      for (let i = 0; i < n; i++) this.#mono[i] = (decoded[2 * i]! + decoded[2 * i + 1]!) >> 1;
      pcm = this.#mono.subarray(0, n);
    }
    this.#detect(pcm, d.factory.sampleRate);
    if (d.resampler) {
      const need = d.resampler.outputLength(pcm.length) + 8;
      if (this.#resampled.length < need) this.#resampled = new Int16Array(need);
      const n = d.resampler.process(pcm, this.#resampled);
      this.#fifo.push(this.#resampled.subarray(0, n));
    } else {
      this.#fifo.push(pcm);
    }
  }

  #detect(pcm: Int16Array, rate: number): void {
    // A peer that sends RFC 4733 events usually leaves the tones in the audio too: report once.
    if (!this.options.detectInband || this.#heardEvents) return;
    if (!this.#detector || this.#detectorRate !== rate) {
      this.#detector = new DtmfDetector({ sampleRate: rate });
      this.#detectorRate = rate;
    }
    for (const k of this.#detector.process(pcm)) {
      this.options.onDtmf({ digit: k.digit, durationMs: k.durationMs, method: 'inband' });
    }
  }
}
