/**
 * Splits SIP messages out of a TCP/TLS byte stream (RFC 3261 section 18.3):
 * every message is framed by its Content-Length, chunks may end anywhere,
 * and CRLF keep-alives between messages are reported (RFC 5626 section 3.5.1:
 * a CRLFCRLF "ping" is answered with a CRLF "pong").
 */
import type { MessageError } from './errors.js';
import { messageError } from './errors.js';
import { DEFAULT_MAX_MESSAGE_SIZE, frameBytes } from './parse-message.js';
import type { SipMessage } from './sip-message.js';

/** What the stream yielded. */
export type StreamEvent =
  | { readonly kind: 'message'; readonly message: SipMessage }
  /** A CRLFCRLF keep-alive ping: answer with a CRLF pong. */
  | { readonly kind: 'ping' }
  /** A lone CRLF: the pong answering our ping. */
  | { readonly kind: 'pong' }
  /**
   * A message that could not be parsed. `fatal` when framing is lost (bad or
   * missing Content-Length, oversized message): the connection should be
   * closed; the parser has dropped its buffer.
   */
  | { readonly kind: 'error'; readonly error: MessageError; readonly fatal: boolean };

export interface StreamParserOptions {
  /** Largest message accepted, in octets (default 262144). */
  readonly maxMessageSize?: number;
}

const EMPTY = new Uint8Array(0);

/**
 * A pull-style stream framer: `push()` each received chunk and act on the
 * events it returns. Parsed messages keep views on the pushed bytes, so the
 * caller must not reuse a chunk's memory after pushing it.
 */
export class SipStreamParser {
  #buf: Uint8Array = EMPTY;
  /** A CRLF at the very end of the buffer was already reported as a pong. */
  #pendingCrlf = false;
  /** Chunks received after `#buf` while a known message length was not reached. */
  #pending: Uint8Array[] = [];
  /** Chunks pushed to `#pending` since its last merge. */
  #run = 0;
  /** Octets in `#buf` and `#pending` together. */
  #held = 0;
  /**
   * Octets the message at the start of `#buf` is known to need; -1 while its
   * head is incomplete; 0 when nothing is awaited.
   */
  #needed = 0;
  /** The last (up to 3) octets held, to find an empty line that spans two chunks. */
  #tail: Uint8Array = EMPTY;
  readonly #max: number;

  constructor(options?: StreamParserOptions) {
    this.#max = options?.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  }

  /** Octets held back, waiting for the rest of a message. */
  get buffered(): number {
    return this.#held;
  }

  /** Drops buffered bytes (after the connection closed or restarted). */
  reset(): void {
    this.#buf = EMPTY;
    this.#pending = [];
    this.#run = 0;
    this.#held = 0;
    this.#needed = 0;
    this.#tail = EMPTY;
    this.#pendingCrlf = false;
  }

  /** Feeds one chunk; returns the messages and events it completed, in order. */
  push(chunk: Uint8Array): StreamEvent[] {
    const events: StreamEvent[] = [];
    if (this.#needed !== 0) {
      // Waiting for a known length, or for the empty line that ends the head:
      // hold chunks that cannot complete the message, without copying them.
      const complete =
        this.#needed > 0 ? this.#held + chunk.length >= this.#needed : closesHead(this.#tail, chunk);
      if (!complete) {
        this.#pending.push(chunk);
        // Many tiny chunks: merge each run of 64 into one (every octet copied once).
        if (++this.#run === 64) {
          this.#pending.push(concat(this.#pending.splice(-64)));
          this.#run = 0;
        }
        this.#held += chunk.length;
        this.#tail = tailOf(this.#tail, chunk);
        if (this.#held > this.#max) {
          events.push({
            kind: 'error',
            error: messageError('too-large', 'Message Too Large', 0),
            fatal: true,
          });
          this.reset();
        }
        return events;
      }
      if (this.#pending.length > 0) {
        this.#pending.push(chunk);
        chunk = this.#join();
      }
    }
    let buf: Uint8Array;
    if (this.#buf.length === 0) buf = chunk;
    else {
      buf = new Uint8Array(this.#buf.length + chunk.length);
      buf.set(this.#buf, 0);
      buf.set(chunk, this.#buf.length);
    }
    this.#needed = 0;
    const end = buf.length;
    let pos = 0;
    while (pos < end) {
      pos = this.#keepAlives(buf, pos, end, events);
      if (pos >= end) break;
      const f = frameBytes(buf, pos, end, true, this.#max);
      if (f.kind === 'need-more') {
        this.#needed = f.needed ?? -1;
        break;
      }
      if (f.kind === 'message') {
        events.push({ kind: 'message', message: f.message });
        pos = f.next;
        continue;
      }
      events.push({ kind: 'error', error: f.error, fatal: f.next < 0 });
      if (f.next < 0) {
        this.reset();
        return events;
      }
      pos = f.next;
    }
    // Keep the rest in a buffer of its own: messages already emitted view `buf`.
    this.#buf = pos >= end ? EMPTY : buf.slice(pos);
    this.#held = this.#buf.length;
    this.#tail = tailOf(EMPTY, this.#buf);
    if (this.#buf.length > this.#max) {
      events.push({
        kind: 'error',
        error: messageError('too-large', 'Message Too Large', 0),
        fatal: true,
      });
      this.reset();
    }
    return events;
  }

  /** The chunks held back since the buffer, as one chunk. */
  #join(): Uint8Array {
    const out = concat(this.#pending);
    this.#pending = [];
    this.#run = 0;
    return out;
  }

  /** Consumes CRLF keep-alives at `pos`, reporting pings and pongs. */
  #keepAlives(buf: Uint8Array, pos: number, end: number, events: StreamEvent[]): number {
    while (pos < end) {
      if (buf[pos] === 0x0a) {
        pos++; // a stray bare LF between messages: tolerated, skipped
        continue;
      }
      if (buf[pos] !== 0x0d) break;
      if (pos + 1 >= end) return pos; // a lone CR: its LF comes with the next chunk
      if (buf[pos + 1] !== 0x0a) {
        pos++;
        continue;
      }
      // A CRLF. Together with the next one it is a ping; alone, a pong.
      if (this.#pendingCrlf) {
        this.#pendingCrlf = false;
        events.push({ kind: 'ping' });
        pos += 2;
        continue;
      }
      if (pos + 3 < end && buf[pos + 2] === 0x0d && buf[pos + 3] === 0x0a) {
        events.push({ kind: 'ping' });
        pos += 4;
        continue;
      }
      if (pos + 2 >= end) {
        // The buffer ends on one CRLF: report the pong now; if another CRLF
        // follows in the next chunk, the pair is still reported as a ping.
        events.push({ kind: 'pong' });
        this.#pendingCrlf = true;
        return end;
      }
      if (pos + 3 >= end && buf[pos + 2] === 0x0d) return pos; // CRLF CR: wait for the LF
      events.push({ kind: 'pong' });
      pos += 2;
    }
    this.#pendingCrlf = false;
    return pos;
  }
}

/** The last 3 octets of `prev` followed by `chunk`. */
function tailOf(prev: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (chunk.length >= 3) return chunk.slice(chunk.length - 3);
  const both = new Uint8Array(prev.length + chunk.length);
  both.set(prev, 0);
  both.set(chunk, prev.length);
  return both.slice(Math.max(0, both.length - 3));
}

/** Whether `chunk`, after the octets `tail`, completes an empty line (LF LF or LF CR LF). */
function closesHead(tail: Uint8Array, chunk: Uint8Array): boolean {
  const at = (i: number): number | undefined => (i >= 0 ? chunk[i] : tail[tail.length + i]);
  for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) {
    const p1 = at(i - 1);
    if (p1 === 0x0a || (p1 === 0x0d && at(i - 2) === 0x0a)) return true;
  }
  return false;
}

/** The chunks one after the other in one array. */
function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
