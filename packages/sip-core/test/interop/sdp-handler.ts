/**
 * The media seam of our UA in the interop tests: real, minimal SDP on
 * 127.0.0.1 or ::1 (RFC 4566), one PCMU audio stream on a port nobody sends to, so
 * no RTP leaves the test. Records what the peer offered and answered.
 */
import type { Body, SessionDescriptionHandler } from './stack.js';

const text = (b: Body): string => new TextDecoder().decode(b.body);

export class LoopbackSdpHandler implements SessionDescriptionHandler {
  /** Remote SDP bodies in the order they came (offers and answers). */
  readonly remote: string[] = [];
  readonly events: string[] = [];
  closed = false;
  #version = 0;
  readonly #port: number;
  readonly #address: '127.0.0.1' | '::1';
  readonly #session = Math.floor(Math.random() * 1e9);

  constructor(port = 40000, address: '127.0.0.1' | '::1' = '127.0.0.1') {
    this.#port = port;
    this.#address = address;
  }

  #sdp(direction = 'sendrecv'): Body {
    this.#version++;
    const sdp = [
      'v=0',
      `o=twinkle ${this.#session} ${this.#version} IN ${this.#family()} ${this.#address}`,
      's=-',
      `c=IN ${this.#family()} ${this.#address}`,
      't=0 0',
      `m=audio ${this.#port} RTP/AVP 0 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      `a=${direction}`,
      '',
    ].join('\r\n');
    return { contentType: 'application/sdp', body: new TextEncoder().encode(sdp) };
  }

  #family(): string {
    return this.#address === '::1' ? 'IP6' : 'IP4';
  }

  async getOffer(): Promise<Body> {
    this.events.push('offer');
    return this.#sdp();
  }

  async getAnswer(offer: Body): Promise<Body> {
    const sdp = text(offer);
    this.remote.push(sdp);
    this.events.push('answer');
    return this.#sdp(/a=sendonly/.test(sdp) ? 'recvonly' : 'sendrecv');
  }

  async setAnswer(answer: Body): Promise<void> {
    this.remote.push(text(answer));
    this.events.push('set-answer');
  }

  rollback(): void {
    this.events.push('rollback');
  }

  close(): void {
    this.closed = true;
  }
}
