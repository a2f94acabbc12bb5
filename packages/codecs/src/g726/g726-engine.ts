import type { G726Law } from './g726-law.js';
import { G726State } from './g726-state.js';
import type { G726Rate } from './g726-tables.js';

/**
 * ITU-T G.726 ADPCM encoder: one code word (2 to 5 bits, in the low bits of a
 * byte) per input sample. Input is 16-bit linear PCM (its top 14 bits are the
 * "uniform PCM" input of section 4.2.1) or G.711 codes. Bit-exact with the ITU
 * test sequences; the rate may change between calls (variable-rate coding).
 */
export class G726Encoder {
  readonly state: G726State;
  readonly #one = new Int16Array(1);
  readonly #code = new Uint8Array(1);

  constructor(rate: G726Rate) {
    this.state = new G726State(rate);
  }

  get rate(): G726Rate {
    return this.state.rate;
  }

  set rate(rate: G726Rate) {
    this.state.rate = rate;
  }

  reset(): void {
    this.state.reset();
  }

  /** Encodes one 14-bit two's complement uniform PCM sample (section 4.2.1). */
  encodeUniform(sl: number): number {
    this.#one[0] = sl & 16383;
    this.state.encode('uniform', this.#one, this.#code, 1);
    return this.#code[0]!;
  }

  /** Encodes `n` 16-bit linear samples from `pcm[from]` into `codes[at]`. */
  encodeLinear(pcm: Int16Array, codes: Uint8Array, n = pcm.length, from = 0, at = 0): void {
    this.state.encode('linear', pcm, codes, n, from, at);
  }

  /** Encodes `n` G.711 codes (wire format) of the given law. */
  encodeLaw(law: G726Law, pcm: Uint8Array, codes: Uint8Array, n = pcm.length): void {
    this.state.encode(law, pcm, codes, n);
  }
}

/**
 * ITU-T G.726 ADPCM decoder. Output is 16-bit linear PCM (the reconstructed
 * signal SR scaled from 14 bits) or G.711 codes with the synchronous coding
 * adjustment of section 4.2.8.
 */
export class G726Decoder {
  readonly state: G726State;
  readonly #one = new Int16Array(1);
  readonly #code = new Uint8Array(1);

  constructor(rate: G726Rate) {
    this.state = new G726State(rate);
  }

  get rate(): G726Rate {
    return this.state.rate;
  }

  set rate(rate: G726Rate) {
    this.state.rate = rate;
  }

  reset(): void {
    this.state.reset();
  }

  /**
   * Decodes one code word to the reconstructed signal SR, a 16-bit two's
   * complement number on the 14-bit uniform PCM scale.
   */
  decodeUniform(i: number): number {
    this.#code[0] = i;
    this.state.decode('uniform', this.#code, this.#one, 1);
    return this.#one[0]!;
  }

  /** Decodes `n` code words from `codes[from]` into 16-bit linear samples at `pcm[at]`. */
  decodeLinear(codes: Uint8Array, pcm: Int16Array, n = codes.length, from = 0, at = 0): void {
    this.state.decode('linear', codes, pcm, n, from, at);
  }

  /** Decodes `n` code words into G.711 codes (wire format) of the given law. */
  decodeLaw(law: G726Law, codes: Uint8Array, pcm: Uint8Array, n = codes.length): void {
    this.state.decode(law, codes, pcm, n);
  }
}
