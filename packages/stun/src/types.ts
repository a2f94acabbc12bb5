/** The seams of the client: a datagram socket, a clock and randomness, all injected. */

/** Where a datagram came from or goes to. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/**
 * A UDP socket as the client sees it. The socket may be shared with SIP or
 * RTP: the client only takes datagrams that are STUN responses to its own
 * transactions and ignores the rest.
 */
export interface DatagramSocket {
  send(data: Uint8Array, to: Endpoint): void | Promise<void>;
  /**
   * Every received datagram; returns the unsubscribe function. An owner that
   * demultiplexes the socket itself may give a no-op here and offer datagrams
   * to `StunClient.receive()` instead.
   */
  onMessage(listener: (data: Uint8Array, from: Endpoint) => void): () => void;
}

/** An opaque timer handle. */
export interface TimerHandle {
  readonly timerId: number;
}

/** Time in ms on a monotonic scale with one-shot timers (structurally @twinkle/sip-core's Clock). */
export interface StunClock {
  now(): number;
  setTimer(ms: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}
