/**
 * Reading an Opus packet without decoding it (RFC 6716 section 3): its duration,
 * and whether it carries in-band FEC for the packet before it. For a jitter buffer
 * that must choose between `decodeFec` and `conceal`. Pure functions of bytes,
 * never throwing: a malformed packet gives `undefined` or `false`.
 */

/** Frame duration in samples at 48 kHz of each TOC configuration (RFC 6716 section 3.1, Table 2). */
function frameSamples(config: number): number {
  if (config < 12) return [480, 960, 1920, 2880][config & 3]!; // SILK-only: 10, 20, 40, 60 ms
  if (config < 16) return (config & 1) === 0 ? 480 : 960; // hybrid: 10, 20 ms
  return [120, 240, 480, 960][config & 3]!; // CELT-only: 2.5, 5, 10, 20 ms
}

/** Where the first frame of a packet lies, and how many frames it has (RFC 6716 section 3.2). */
function firstFrame(p: Uint8Array): { start: number; end: number; count: number } | undefined {
  if (p.length < 1) return undefined;
  const code = p[0]! & 3;
  if (code === 0) return { start: 1, end: p.length, count: 1 };
  if (code === 1) {
    if ((p.length - 1) % 2 !== 0) return undefined; // R3
    return { start: 1, end: 1 + (p.length - 1) / 2, count: 2 };
  }
  if (code === 2) {
    const n = readLength(p, 1);
    if (n === undefined || n.at + n.value > p.length) return undefined; // R4
    return { start: n.at, end: n.at + n.value, count: 2 };
  }
  if (p.length < 2) return undefined; // R6
  const count = p[1]! & 0x3f;
  const vbr = (p[1]! & 0x80) !== 0;
  if (count === 0) return undefined; // R5
  let at = 2;
  let padding = 0;
  if ((p[1]! & 0x40) !== 0) {
    for (;;) {
      if (at >= p.length) return undefined;
      const b = p[at++]!;
      padding += b === 255 ? 254 : b;
      if (b !== 255) break;
    }
  }
  if (!vbr) {
    const bytes = p.length - at - padding;
    if (bytes < 0 || bytes % count !== 0) return undefined; // R6
    return { start: at, end: at + bytes / count, count };
  }
  let first = 0;
  for (let i = 0; i < count - 1; i++) {
    const n = readLength(p, at);
    if (n === undefined) return undefined;
    if (i === 0) first = n.value;
    at = n.at;
  }
  if (count === 1) first = p.length - at - padding;
  if (first < 0 || at + first > p.length - padding) return undefined; // R7
  return { start: at, end: at + first, count };
}

/** A frame length of one or two bytes (RFC 6716 section 3.2.1). */
function readLength(p: Uint8Array, at: number): { value: number; at: number } | undefined {
  if (at >= p.length) return undefined;
  const b = p[at]!;
  if (b < 252) return { value: b, at: at + 1 };
  if (at + 1 >= p.length) return undefined;
  return { value: b + 4 * p[at + 1]!, at: at + 2 };
}

/**
 * Samples per channel at 48 kHz in a packet (its frames times their duration), or
 * `undefined` for a packet that breaks the framing rules of RFC 6716 section 3.4.
 */
export function opusPacketSamples(payload: Uint8Array): number | undefined {
  const frame = firstFrame(payload);
  if (frame === undefined) return undefined;
  const total = frame.count * frameSamples(payload[0]! >> 3);
  return total > 5760 ? undefined : total; // R5: at most 120 ms
}

/**
 * Whether a packet's first frame carries LBRR (in-band FEC) data for the frame
 * before it, read from the SILK header bits (RFC 6716 section 4.2.3 to 4.2.4): the
 * VAD flags and the LBRR flag of the mid channel, then of the side channel in
 * stereo, each coded with probability one half at the start of the range coder.
 * CELT-only packets never carry FEC.
 */
export function opusPacketHasFec(payload: Uint8Array): boolean {
  const frame = firstFrame(payload);
  if (frame === undefined || frame.end <= frame.start) return false;
  const config = payload[0]! >> 3;
  if (config >= 16) return false;
  const silkFrames = config < 12 ? [1, 1, 2, 3][config & 3]! : 1;
  const channels = (payload[0]! & 4) !== 0 ? 2 : 1;
  const rc = new BitReader(payload, frame.start, frame.end);
  let lbrr = false;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < silkFrames; i++) rc.bit(); // VAD flags
    if (rc.bit()) lbrr = true;
  }
  return lbrr;
}

/** Just enough of the RFC 6716 section 4.1 range decoder to read equiprobable bits. */
class BitReader {
  #rng = 128;
  #val: number;
  #rem: number;
  #at: number;

  constructor(
    private readonly buf: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.#at = start;
    this.#rem = this.#byte();
    this.#val = 127 - (this.#rem >> 1);
    this.#normalize();
  }

  /** ec_dec_bit_logp with logp = 1 (RFC 6716 section 4.1.3.2). */
  bit(): boolean {
    const s = Math.floor(this.#rng / 2);
    const one = this.#val < s;
    if (one) this.#rng = s;
    else {
      this.#val -= s;
      this.#rng -= s;
    }
    this.#normalize();
    return one;
  }

  #byte(): number {
    return this.#at < this.end ? this.buf[this.#at++]! : 0;
  }

  #normalize(): void {
    while (this.#rng <= 0x800000) {
      this.#rng *= 256;
      const prev = this.#rem;
      this.#rem = this.#byte();
      const sym = ((prev << 8) | this.#rem) >> 1;
      this.#val = (this.#val * 256 + (255 - (sym & 255))) % 0x80000000;
    }
  }
}
