import { FrameConverter } from './frame-converter.js';
import { mixFrame } from './mix-frame.js';

/** Options of a {@link ConferenceMixer}. */
export interface ConferenceMixerOptions {
  /** The common rate the parties are mixed at, Hz. Default 16000 (wideband legs keep their band). */
  readonly sampleRate?: number;
  /** Frame duration, ms. Default 20 (the devices' frame). */
  readonly frameMs?: number;
  /** Rate of the local microphone's frames. Default the mixing rate. */
  readonly microphoneRate?: number;
  /** Rate of the local speaker's frames. Default the mixing rate. */
  readonly speakerRate?: number;
}

/** The rates of one party's audio: what its call decodes to, and what it encodes from. */
export interface LegRates {
  readonly receiveRate: number;
  readonly sendRate: number;
}

/**
 * One party of the conference: its received audio is converted to the mixing
 * rate, what it should hear is converted back to its own rate.
 */
export class MixerLeg {
  readonly rates: LegRates;
  readonly #in: FrameConverter;
  readonly #out: FrameConverter;
  /** This frame's received audio at the mixing rate (silence until given). */
  readonly input: Int16Array;
  /** This frame's mix for the party, at the mixing rate. */
  readonly output: Int16Array;

  constructor(rates: LegRates, mixRate: number, frameMs: number) {
    this.rates = rates;
    this.#in = new FrameConverter(rates.receiveRate, mixRate, frameMs);
    this.#out = new FrameConverter(mixRate, rates.sendRate, frameMs);
    this.input = new Int16Array(this.#in.output.length);
    this.output = new Int16Array(this.#out.inputFrameLength);
  }

  /** Takes the party's received frame (at its receive rate) for the next mix. */
  received(frame: Int16Array): void {
    this.input.set(this.#in.convert(frame));
  }

  /** The party's mix at its send rate (valid until the next call). */
  toSend(): Int16Array {
    return this.#out.convert(this.output);
  }
}

/**
 * A local conference of any number of legs: each party hears the local
 * microphone and every other party, the local speaker plays every party.
 * Each leg keeps its own codec and rate: frames are converted to and from
 * one mixing rate. Nothing is allocated per frame; a leg joining or leaving
 * rebuilds the lists.
 */
export class ConferenceMixer {
  readonly sampleRate: number;
  readonly frameMs: number;
  readonly #legs: MixerLeg[] = [];
  #inputs: Int16Array[] = [];
  #outputs: Int16Array[] = [];
  readonly #sum: Int32Array;
  readonly #speaker: Int16Array;
  #mic: FrameConverter;
  #speakerOut: FrameConverter;

  constructor(options: ConferenceMixerOptions = {}) {
    this.sampleRate = options.sampleRate ?? 16000;
    this.frameMs = options.frameMs ?? 20;
    const frame = Math.round((this.sampleRate * this.frameMs) / 1000);
    this.#sum = new Int32Array(frame);
    this.#speaker = new Int16Array(frame);
    this.#mic = new FrameConverter(options.microphoneRate ?? this.sampleRate, this.sampleRate, this.frameMs);
    this.#speakerOut = new FrameConverter(
      this.sampleRate,
      options.speakerRate ?? this.sampleRate,
      this.frameMs,
    );
  }

  /** The legs, in the order they joined. */
  get legs(): readonly MixerLeg[] {
    return this.#legs;
  }

  /** Adds a party. */
  addLeg(rates: LegRates): MixerLeg {
    const leg = new MixerLeg(rates, this.sampleRate, this.frameMs);
    this.#legs.push(leg);
    this.#lists();
    return leg;
  }

  /** Removes a party; false when it is not in the conference. */
  removeLeg(leg: MixerLeg): boolean {
    const i = this.#legs.indexOf(leg);
    if (i < 0) return false;
    this.#legs.splice(i, 1);
    this.#lists();
    return true;
  }

  /** Changes the local devices' rates (the devices of another call take over). */
  setLocalRates(microphoneRate: number, speakerRate: number): void {
    if (this.#mic.inputRate !== microphoneRate)
      this.#mic = new FrameConverter(microphoneRate, this.sampleRate, this.frameMs);
    if (this.#speakerOut.outputRate !== speakerRate)
      this.#speakerOut = new FrameConverter(this.sampleRate, speakerRate, this.frameMs);
  }

  /**
   * One mixing step, after every leg's {@link MixerLeg.received}: `microphone`
   * is the local microphone's frame at its rate (undefined: nothing said).
   * Returns the local speaker's frame at its rate; each leg's
   * {@link MixerLeg.toSend} then gives what to send it.
   */
  mix(microphone: Int16Array | undefined): Int16Array {
    const mic = microphone ? this.#mic.convert(microphone) : undefined;
    mixFrame(this.#inputs, mic, this.#outputs, this.#speaker, this.#sum);
    return this.#speakerOut.convert(this.#speaker);
  }

  #lists(): void {
    this.#inputs = this.#legs.map((l) => l.input);
    this.#outputs = this.#legs.map((l) => l.output);
  }
}
