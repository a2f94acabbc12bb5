import { type G726Law, g726ExpandTable, g726SyncOutput } from './g726-law.js';
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
    const s = this.state;
    s.predict();
    const i = s.quantize(sl & 16383);
    s.update(i);
    return i;
  }

  /** Encodes `n` 16-bit linear samples from `pcm[from]` into `codes[at]`. */
  encodeLinear(pcm: Int16Array, codes: Uint8Array, n = pcm.length, from = 0, at = 0): void {
    const s = this.state;
    for (let k = 0; k < n; k++) {
      s.predict();
      const i = s.quantize((pcm[from + k]! >> 2) & 16383);
      s.update(i);
      codes[at + k] = i;
    }
  }

  /** Encodes `n` G.711 codes (wire format) of the given law. */
  encodeLaw(law: G726Law, pcm: Uint8Array, codes: Uint8Array, n = pcm.length): void {
    const s = this.state;
    const expand = g726ExpandTable(law);
    for (let k = 0; k < n; k++) {
      s.predict();
      const i = s.quantize(expand[pcm[k]!]!);
      s.update(i);
      codes[k] = i;
    }
  }
}

/**
 * ITU-T G.726 ADPCM decoder. Output is 16-bit linear PCM (the reconstructed
 * signal SR scaled from 14 bits) or G.711 codes with the synchronous coding
 * adjustment of section 4.2.8.
 */
export class G726Decoder {
  readonly state: G726State;

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
   * complement number on the 14-bit uniform PCM scale (returned signed).
   */
  decodeUniform(i: number): number {
    const s = this.state;
    s.predict();
    return (s.update(i & ((1 << s.tables.bits) - 1)) << 16) >> 16;
  }

  /** Decodes `n` code words from `codes[from]` into 16-bit linear samples at `pcm[at]`. */
  decodeLinear(codes: Uint8Array, pcm: Int16Array, n = codes.length, from = 0, at = 0): void {
    const s = this.state;
    const mask = (1 << s.tables.bits) - 1;
    for (let k = 0; k < n; k++) {
      s.predict();
      const sr = (s.update(codes[from + k]! & mask) << 16) >> 16;
      // SR is on the 14-bit scale; scale to 16 bits and saturate.
      const v = sr * 4;
      pcm[at + k] = v > 32767 ? 32767 : Math.max(v, -32768);
    }
  }

  /** Decodes `n` code words into G.711 codes (wire format) of the given law. */
  decodeLaw(law: G726Law, codes: Uint8Array, pcm: Uint8Array, n = codes.length): void {
    const s = this.state;
    const mask = (1 << s.tables.bits) - 1;
    for (let k = 0; k < n; k++) {
      s.predict();
      const i = codes[k]! & mask;
      const sr = s.update(i);
      pcm[k] = g726SyncOutput(s, law, i, sr);
    }
  }
}
