/**
 * Speex bit packing: fields are written most significant bit first into
 * consecutive octets (libspeex `speex_bits_*`). A frame that ends inside an
 * octet is padded with a 0 bit and then 1 bits (the "terminator"), so a
 * decoder reading on sees the 4-bit mode 15 or runs out of bits.
 */

/** Reads fields from a Speex bitstream; past the end it reads zeros. */
export class SpeexBitReader {
  private data: Uint8Array = new Uint8Array(0);
  private bitPos = 0;
  private bitLen = 0;

  /** Starts reading `data` (kept by reference, not copied). */
  reset(data: Uint8Array): void {
    this.data = data;
    this.bitPos = 0;
    this.bitLen = data.length * 8;
  }

  /** Bits left to read (negative once a read went past the end). */
  remaining(): number {
    return this.bitLen - this.bitPos;
  }

  /** Whether a read went past the end of the data. */
  overflowed(): boolean {
    return this.bitPos > this.bitLen;
  }

  /** Reads an unsigned field of `n` bits (n <= 24). */
  unpack(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const p = this.bitPos++;
      const bit = p < this.bitLen ? (this.data[p >> 3]! >> (7 - (p & 7))) & 1 : 0;
      v = (v << 1) | bit;
    }
    return v;
  }

  /** The next bit, without consuming it (0 past the end). */
  peek(): number {
    const p = this.bitPos;
    return p < this.bitLen ? (this.data[p >> 3]! >> (7 - (p & 7))) & 1 : 0;
  }

  /** Skips `n` bits. */
  advance(n: number): void {
    this.bitPos += n;
  }

  /** Current position in bits from the start. */
  position(): number {
    return this.bitPos;
  }
}

/** Writes fields into a growing Speex bitstream buffer. */
export class SpeexBitWriter {
  private buf: Uint8Array;
  private bitPos = 0;

  constructor(capacityBytes = 256) {
    this.buf = new Uint8Array(capacityBytes);
  }

  /** Empties the writer (keeps its buffer). */
  reset(): void {
    this.buf.fill(0, 0, (this.bitPos + 7) >> 3);
    this.bitPos = 0;
  }

  /** Bits written so far. */
  bitCount(): number {
    return this.bitPos;
  }

  /** Appends the `n` low bits of `value`, most significant first. */
  pack(value: number, n: number): void {
    if ((this.bitPos + n + 7) >> 3 > this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2 + 8);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    for (let i = n - 1; i >= 0; i--) {
      const bit = (value >>> i) & 1;
      const p = this.bitPos++;
      if (bit) this.buf[p >> 3]! |= 0x80 >> (p & 7);
    }
  }

  /** Pads to a whole octet with a 0 bit then 1 bits (speex_bits_insert_terminator). */
  insertTerminator(): void {
    if (this.bitPos & 7) {
      this.pack(0, 1);
      while (this.bitPos & 7) this.pack(1, 1);
    }
  }

  /** Whole octets written (after {@link insertTerminator}, all of them). */
  byteLength(): number {
    return (this.bitPos + 7) >> 3;
  }

  /** Copies the bytes written into `out` at `offset`; returns the count. */
  copyTo(out: Uint8Array, offset = 0): number {
    const n = this.byteLength();
    out.set(this.buf.subarray(0, n), offset);
    return n;
  }

  /** A new array with the bytes written. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.byteLength());
  }
}
