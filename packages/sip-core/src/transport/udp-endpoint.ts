/** One bound UDP socket (node:dgram), IPv4 or IPv6. */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { ipFamily, unmapAddress } from './address.js';
import { TransportError } from './types.js';

/** A UDP socket bound to one local address. */
export class UdpEndpoint {
  private constructor(
    readonly index: number,
    readonly family: 4 | 6,
    readonly address: string,
    readonly port: number,
    private readonly socket: Socket,
  ) {}

  /** Binds a socket; `onDatagram` gets every datagram as the Buffer node allocated for it. */
  static bind(
    index: number,
    address: string,
    port: number,
    onDatagram: (endpoint: UdpEndpoint, data: Buffer, rinfo: RemoteInfo) => void,
  ): Promise<UdpEndpoint> {
    const family = ipFamily(address) === 6 ? 6 : 4;
    const socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4', reuseAddr: false });
    return new Promise((resolve, reject) => {
      socket.once('error', (err) =>
        reject(new TransportError('unreachable', `UDP bind ${address}:${port}: ${err.message}`)),
      );
      socket.bind(port, address, () => {
        socket.removeAllListeners('error');
        socket.on('error', () => {}); // ICMP errors surface here on some systems; never fatal
        const a = socket.address();
        const ep = new UdpEndpoint(index, family, unmapAddress(a.address), a.port, socket);
        socket.on('message', (data, rinfo) => onDatagram(ep, data, rinfo));
        resolve(ep);
      });
    });
  }

  send(data: Uint8Array, address: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      // A dual-stack IPv6 socket reaches IPv4 peers through mapped addresses.
      const to = this.family === 6 && ipFamily(address) === 4 ? `::ffff:${address}` : address;
      this.socket.send(data, port, to, (err) =>
        err
          ? reject(new TransportError('unreachable', `UDP send to ${address}:${port}: ${err.message}`))
          : resolve(),
      );
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
