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
  /** Octets in `#buf` and `#pending` together. */
  #held = 0;
  /** Octets the message at the start of `#buf` is known to need; 0 when unknown. */
  #needed = 0;
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
    this.#held = 0;
    this.#needed = 0;
    this.#pendingCrlf = false;
  }

  /** Feeds one chunk; returns the messages and events it completed, in order. */
  push(chunk: Uint8Array): StreamEvent[] {
    const events: StreamEvent[] = [];
    if (this.#pending.length > 0 || this.#held + chunk.length < this.#needed) {
      // Part of a body still short of its Content-Length: keep the chunk, copy nothing yet.
      this.#pending.push(chunk);
      this.#held += chunk.length;
      if (this.#held < this.#needed) return events;
      chunk = this.#join();
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
        if (f.needed !== undefined) this.#needed = f.needed;
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
    const size = this.#pending.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(size);
    let o = 0;
    for (const c of this.#pending) {
      out.set(c, o);
      o += c.length;
    }
    this.#pending = [];
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
