import { type AgcOptions, AutomaticGainControl } from './automatic-gain-control.js';
import { EchoCanceller, type EchoCancellerOptions } from './echo-canceller.js';
import { NoiseSuppressor } from './noise-suppressor.js';
import { VoiceActivityDetector } from './voice-activity-detector.js';

/** Options of {@link MicProcessor}: the stream's shape and which stages start enabled. */
export interface MicProcessorOptions {
  readonly sampleRate: number;
  /** Samples per frame (mono). */
  readonly frameSamples: number;
  /** Each stage can be switched at any time through the processor's fields. Defaults: all on. */
  readonly echoCancellation?: boolean;
  readonly residualEchoSuppression?: boolean;
  readonly noiseSuppression?: boolean;
  readonly gainControl?: boolean;
  readonly voiceDetection?: boolean;
  readonly echo?: Partial<Pick<EchoCancellerOptions, 'tailMs' | 'stepSize' | 'doubleTalkThreshold'>>;
  readonly agc?: AgcOptions;
  readonly noiseMaxAttenuationDb?: number;
}

/**
 * The microphone path, in order: echo cancellation (needs what was played, frame by
 * frame), noise suppression (which also takes out the echo the canceller left, when
 * `residualEchoSuppression` is on), voice activity detection, gain control (driven by
 * the VAD). Each stage is switchable between frames; none allocates per frame.
 */
export class MicProcessor {
  echoCancellation: boolean;
  /** Suppress what echo the canceller leaves, in the noise suppressor (needs both on). */
  residualEchoSuppression: boolean;
  noiseSuppression: boolean;
  gainControl: boolean;
  voiceDetection: boolean;
  readonly aec: EchoCanceller;
  readonly ns: NoiseSuppressor;
  readonly vad: VoiceActivityDetector;
  readonly agc: AutomaticGainControl;
  #voice = true;
  readonly #frameSamples: number;

  constructor(options: MicProcessorOptions) {
    const frameMs = (options.frameSamples * 1000) / options.sampleRate;
    this.#frameSamples = options.frameSamples;
    this.echoCancellation = options.echoCancellation ?? true;
    this.residualEchoSuppression = options.residualEchoSuppression ?? true;
    this.noiseSuppression = options.noiseSuppression ?? true;
    this.gainControl = options.gainControl ?? true;
    this.voiceDetection = options.voiceDetection ?? true;
    this.aec = new EchoCanceller({
      sampleRate: options.sampleRate,
      frameSamples: options.frameSamples,
      ...options.echo,
    });
    this.ns = new NoiseSuppressor({
      sampleRate: options.sampleRate,
      frameSamples: options.frameSamples,
      ...(options.noiseMaxAttenuationDb !== undefined
        ? { maxAttenuationDb: options.noiseMaxAttenuationDb }
        : {}),
    });
    this.vad = new VoiceActivityDetector({ sampleRate: options.sampleRate, frameMs });
    this.agc = new AutomaticGainControl({ frameMs, ...options.agc });
  }

  /** VAD decision of the last frame (true when voice detection is off). */
  get voice(): boolean {
    return this.#voice;
  }

  /**
   * Processes one microphone frame into `out` (may be `mic`). `played` is the frame sent
   * to the speaker at the same time, for the echo canceller; leave it out when nothing
   * plays. Returns the VAD decision (true when detection is off), for DTX/comfort noise.
   */
  process(mic: Int16Array, played: Int16Array | undefined, out: Int16Array): boolean {
    if (mic.length !== this.#frameSamples || out.length !== this.#frameSamples) {
      throw new RangeError(`MicProcessor: frames of ${this.#frameSamples} mono samples, got ${mic.length}`);
    }
    let src = mic;
    const aecRan = this.echoCancellation && played !== undefined;
    if (aecRan) {
      this.aec.process(src, played, out);
      src = out;
    }
    if (this.noiseSuppression) {
      const res = aecRan && this.residualEchoSuppression;
      this.ns.process(
        src,
        out,
        res ? { estimate: this.aec.echoEstimate, residual: this.aec.residualShare } : undefined,
      );
      src = out;
    }
    this.#voice = this.voiceDetection ? this.vad.process(src) : true;
    if (this.gainControl) {
      this.agc.process(src, this.#voice, out);
      src = out;
    }
    if (src !== out) out.set(src);
    return this.#voice;
  }
}
