import type { Socket } from 'node:dgram';
import type { TransportAddress } from './transport-address.js';

/**
 * Sends datagrams and knows how many are still in flight inside dgram (which
 * resolves even literal addresses asynchronously), so a closing session can let
 * its final RTCP BYE leave before the socket closes.
 */
export class DatagramSender {
  readonly #onError: (error: Error) => void;
  #pending = 0;
  #drained: (() => void) | undefined;

  constructor(onError: (error: Error) => void) {
    this.#onError = onError;
  }

  send(socket: Socket, bytes: Uint8Array, to: TransportAddress): void {
    this.#pending++;
    socket.send(bytes, to.port, to.address, (error) => {
      this.#pending--;
      if (this.#pending === 0) this.#drained?.();
      if (error) this.#onError(error);
    });
  }

  /** Waits, at most `ms`, until every datagram handed over has been sent. */
  async drain(ms: number): Promise<void> {
    if (this.#pending === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#drained = undefined;
  }
}

/** Closes a socket, resolving when it is closed (or was already). */
export function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}
