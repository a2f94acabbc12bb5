import { MicProcessor } from '@twinkle/audio-alsa';
import type { AudioCodecFactory, AudioEncoder, Fmtp } from '@twinkle/codecs';
import { Resampler } from '@twinkle/codecs';
import {
  generateDtmfSequence,
  type RtpSession,
  type TelephoneEventPacket,
  TelephoneEventScheduler,
} from '@twinkle/rtp';
import type { TelephoneEventFormat } from '@twinkle/sdp';
import { SampleFifo } from './sample-fifo.js';

/** What the send path encodes with. */
export interface SendCodecConfig {
  readonly factory: AudioCodecFactory;
  /** The remote's payload type for it. */
  readonly payloadType: number;
  readonly ptimeMs: number;
  /** The remote's fmtp (iLBC mode, Opus bitrate, ...). */
  readonly fmtp?: Fmtp;
  readonly telephoneEvent?: TelephoneEventFormat;
}

/** Inband DTMF: tone and pause per key, as Twinkle's defaults (100 ms on, 60 ms off). */
const INBAND_TONE_MS = 100;
const INBAND_GAP_MS = 60;
const NO_EVENTS: readonly TelephoneEventPacket[] = Object.freeze([]);

/**
 * Microphone to network: device frames (device rate) -> optional mic DSP -> resampling to
 * the codec rate -> cut into ptime frames -> inband DTMF / mute -> encode -> RTP. RFC 4733
 * events replace audio packets while they play (RFC 4733 section 2.5.1.2 lets a sender stop
 * audio during an event), on the same media clock: we keep our own timestamp counter and
 * give every packet its timestamp, so events and audio share one timeline.
 */
export class SendPath {
  /** Send encoded silence instead of the microphone (keeps the stream and NAT bindings alive). */
  muted = false;
  /** Whether the negotiated direction lets us send (not sendonly-held by the remote, not inactive). */
  sending = false;
  #codec: SendCodecConfig | undefined;
  #encoder: AudioEncoder | undefined;
  #resampler: Resampler | undefined;
  #resampled = new Int16Array(0);
  #frame = new Int16Array(0);
  #stereo = new Int16Array(0);
  #payload = new Uint8Array(1500);
  readonly #fifo = new SampleFifo();
  readonly #tones = new SampleFifo();
  #events: TelephoneEventScheduler | undefined;
  #timestamp = 0;
  #tsPerFrame = 0;
  #marker = true;
  #dsp: MicProcessor | undefined;
  #dspOut = new Int16Array(0);

  constructor(
    private readonly rtp: RtpSession,
    private readonly deviceRate: number,
  ) {}

  /** The codec in use. */
  get codec(): SendCodecConfig | undefined {
    return this.#codec;
  }

  /** Whether keys are still being sent as RFC 4733 events. */
  get eventsBusy(): boolean {
    return this.#events?.busy ?? false;
  }

  /** Switches the mic-path processing on (frames of the device, at the device rate). */
  enableDsp(
    settings: { echoCancellation: boolean; noiseSuppression: boolean; gainControl: boolean },
    frameSamples: number,
  ): void {
    const p = new MicProcessor({ sampleRate: this.deviceRate, frameSamples, ...settings });
    this.#dsp = p;
    this.#dspOut = new Int16Array(frameSamples);
  }

  /** Takes a codec (at start or after a re-INVITE); keeps the timestamp running. */
  configure(codec: SendCodecConfig): void {
    const f = codec.factory;
    const frameSamples = (f.sampleRate * codec.ptimeMs) / 1000;
    const same = this.#codec && this.#codec.factory === f && this.#codec.ptimeMs === codec.ptimeMs;
    if (!same) {
      this.#encoder = f.createEncoder({ frameSamples, ...(codec.fmtp ? { fmtp: codec.fmtp } : {}) });
      this.#frame = new Int16Array(frameSamples);
      this.#stereo = new Int16Array(f.channels === 2 ? frameSamples * 2 : 0);
      this.#fifo.clear();
      this.#tones.clear();
      this.#marker = true;
      this.#resampler =
        f.sampleRate === this.deviceRate
          ? undefined
          : new Resampler({ inputRate: this.deviceRate, outputRate: f.sampleRate, quality: 'low-latency' });
    }
    this.#tsPerFrame = (frameSamples * f.clockRate) / f.sampleRate;
    const te = codec.telephoneEvent;
    const oldTe = this.#codec?.telephoneEvent;
    if (!te) this.#events = undefined;
    else if (!this.#events || oldTe?.clockRate !== te.clockRate || !same) {
      this.#events = new TelephoneEventScheduler({ clockRate: te.clockRate, ptimeMs: codec.ptimeMs });
    }
    this.#codec = codec;
  }

  /** Queues keys as RFC 4733 events; false when no telephone-event was negotiated. */
  sendEvents(digits: string): boolean {
    if (!this.#events) return false;
    this.#events.send(digits);
    return true;
  }

  /** Queues keys as tones in the audio (they replace the microphone while they play). */
  sendInband(digits: string): void {
    const rate = this.#codec?.factory.sampleRate ?? this.deviceRate;
    this.#tones.push(
      generateDtmfSequence(digits, { sampleRate: rate, toneMs: INBAND_TONE_MS, gapMs: INBAND_GAP_MS }),
    );
  }

  /** Whether inband tones are still queued. */
  get tonesBusy(): boolean {
    return this.#tones.length > 0;
  }

  /** One microphone frame at the device rate. */
  push(deviceFrame: Int16Array, played?: Int16Array): void {
    if (!this.#codec || !this.#encoder) return;
    this.pushProcessed(this.process(deviceFrame, played));
  }

  /** The mic-path processing of one microphone frame (the frame itself when off); `played` is the echo reference. */
  process(deviceFrame: Int16Array, played?: Int16Array): Int16Array {
    if (!this.#dsp || this.#dspOut.length !== deviceFrame.length) return deviceFrame;
    this.#dsp.process(deviceFrame, played, this.#dspOut);
    return this.#dspOut;
  }

  /** One frame at the device rate that needs no mic-path processing (processed already, or a conference mix). */
  pushProcessed(input: Int16Array): void {
    if (!this.#codec || !this.#encoder) return;
    if (this.#resampler) {
      const need = this.#resampler.outputLength(input.length) + 8;
      if (this.#resampled.length < need) this.#resampled = new Int16Array(need);
      const n = this.#resampler.process(input, this.#resampled);
      this.#fifo.push(this.#resampled.subarray(0, n));
    } else {
      this.#fifo.push(input);
    }
    while (this.#fifo.length >= this.#frame.length) {
      this.#fifo.read(this.#frame);
      this.#sendFrame(this.#frame);
    }
  }

  #sendFrame(frame: Int16Array): void {
    const codec = this.#codec!;
    if (this.#tones.length > 0) {
      const n = this.#tones.read(frame);
      frame.fill(0, n);
    } else if (this.muted) {
      frame.fill(0);
    }
    const ts = this.#timestamp;
    this.#timestamp = (this.#timestamp + this.#tsPerFrame) >>> 0;
    const events = this.#events?.tick(ts) ?? NO_EVENTS;
    if (!this.sending || !this.rtp.remoteAddress) {
      this.#marker = true; // the next talkspurt starts afresh (RFC 3551 section 4.1)
      return;
    }
    const te = codec.telephoneEvent;
    if (te && (events.length > 0 || this.#events?.busy)) {
      for (const p of events) {
        this.rtp.send(p.payload, { payloadType: te.payloadType, marker: p.marker, timestamp: p.timestamp });
      }
      this.#marker = true;
      return;
    }
    const enc = this.#encoder!;
    let pcm = frame;
    if (this.#stereo.length > 0) {
      // A stereo codec (Opus is always opus/48000/2, RFC 7587) gets the mono voice on both channels.
      for (let i = 0; i < frame.length; i++) this.#stereo[2 * i] = this.#stereo[2 * i + 1] = frame[i]!;
      pcm = this.#stereo;
    }
    let payload: Uint8Array;
    if (enc.encodeInto) payload = this.#payload.subarray(0, enc.encodeInto(pcm, this.#payload));
    else payload = enc.encode(pcm);
    this.rtp.send(payload, { payloadType: codec.payloadType, marker: this.#marker, timestamp: ts });
    this.#marker = false;
  }
}
