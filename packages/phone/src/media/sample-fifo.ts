/**
 * A first-in first-out queue of 16-bit samples on one growable ring, so that frames of
 * one size (the device's 20 ms) can be cut into frames of another (the codec's ptime)
 * without allocating per frame once it has grown to its working size.
 */
export class SampleFifo {
  #buf: Int16Array;
  #head = 0;
  #size = 0;

  constructor(initialCapacity = 4096) {
    this.#buf = new Int16Array(initialCapacity);
  }

  /** Samples queued. */
  get length(): number {
    return this.#size;
  }

  /** Appends `samples`. */
  push(samples: Int16Array): void {
    this.#reserve(this.#size + samples.length);
    const cap = this.#buf.length;
    const tail = (this.#head + this.#size) % cap;
    const first = Math.min(samples.length, cap - tail);
    this.#buf.set(samples.subarray(0, first), tail);
    if (first < samples.length) this.#buf.set(samples.subarray(first), 0);
    this.#size += samples.length;
  }

  /** Moves up to `out.length` samples into `out`; returns how many. */
  read(out: Int16Array): number {
    const n = Math.min(out.length, this.#size);
    const cap = this.#buf.length;
    const first = Math.min(n, cap - this.#head);
    out.set(this.#buf.subarray(this.#head, this.#head + first), 0);
    if (first < n) out.set(this.#buf.subarray(0, n - first), first);
    this.#head = (this.#head + n) % cap;
    this.#size -= n;
    return n;
  }

  /** Forgets everything queued. */
  clear(): void {
    this.#head = 0;
    this.#size = 0;
  }

  #reserve(needed: number): void {
    if (needed <= this.#buf.length) return;
    let cap = this.#buf.length * 2;
    while (cap < needed) cap *= 2;
    const next = new Int16Array(cap);
    const old = this.#buf;
    const first = Math.min(this.#size, old.length - this.#head);
    next.set(old.subarray(this.#head, this.#head + first), 0);
    if (first < this.#size) next.set(old.subarray(0, this.#size - first), first);
    this.#buf = next;
    this.#head = 0;
  }
}
