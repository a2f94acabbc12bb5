/** node:dgram as the client's {@link DatagramSocket}, and a one-shot lookup from a port of our own. */
import { createSocket, type Socket } from 'node:dgram';
import { type BindingResult, StunClient, type StunClientOptions } from './client.js';
import type { DatagramSocket, Endpoint } from './types.js';

/** Wraps a bound node:dgram socket; the caller keeps owning (and closing) it. */
export function nodeDatagramSocket(socket: Socket): DatagramSocket {
  return {
    send: (data, to) =>
      new Promise<void>((resolve, reject) => {
        socket.send(data, to.port, to.address, (error) => (error ? reject(error) : resolve()));
      }),
    onMessage(listener) {
      const h = (msg: Buffer, rinfo: { address: string; port: number }) =>
        listener(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), {
          address: rinfo.address,
          port: rinfo.port,
        });
      socket.on('message', h);
      return () => socket.off('message', h);
    },
  };
}

/** Options of {@link lookupMapping}. */
export type LookupOptions = Omit<StunClientOptions, 'socket'> & {
  /** Local address to bind (default `0.0.0.0`, or `::` for an IPv6 server). */
  readonly address?: string;
  /** Local port to bind (default any): the port whose NAT mapping is wanted. */
  readonly port?: number;
  readonly signal?: AbortSignal;
};

/** A Binding result with the local port it was learned for. */
export type LookupResult = BindingResult & { readonly localPort: number };

/**
 * Binds a UDP socket on `port`, asks `server` for its mapping and closes the
 * socket: the public address of a local port before the port's real user
 * (an RTP session) binds it. Resolves with the result, never rejects on
 * network trouble; rejects only when the port cannot be bound.
 */
export async function lookupMapping(server: Endpoint, options: LookupOptions = {}): Promise<LookupResult> {
  const v6 = server.address.includes(':');
  const socket = createSocket({ type: v6 ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(
      { address: options.address ?? (v6 ? '::' : '0.0.0.0'), port: options.port ?? 0, exclusive: true },
      () => {
        socket.off('error', reject);
        resolve();
      },
    );
  });
  socket.on('error', () => {}); // ICMP errors surface as send failures or timeouts
  const localPort = socket.address().port;
  const client = new StunClient({ ...options, socket: nodeDatagramSocket(socket) });
  try {
    return { ...(await client.bind(server, options.signal)), localPort };
  } finally {
    client.close();
    await new Promise<void>((r) => socket.close(() => r()));
  }
}
