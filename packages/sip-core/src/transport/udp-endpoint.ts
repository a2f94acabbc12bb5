/** One bound UDP socket (node:dgram), IPv4 or IPv6. */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { ipFamily, isLoopback, isUnspecified, sameAddress, unmapAddress } from './address.js';
import { type Destination, type Source, TransportError } from './types.js';

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
    // IPv6 sockets are IPv6 only, as the TCP/TLS listeners: list 0.0.0.0 and :: to serve both.
    const socket = createSocket({
      type: family === 6 ? 'udp6' : 'udp4',
      reuseAddr: false,
      ipv6Only: family === 6,
    });
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
      this.socket.send(data, port, address, (err) =>
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

/**
 * The socket to send to `dest` from: the one named by a UDP flowId, else one
 * of the address family, loopback to loopback, a wildcard socket next.
 */
export function pickEndpoint(endpoints: readonly UdpEndpoint[], dest: Destination): UdpEndpoint {
  if (dest.flowId?.startsWith('udp|')) {
    const ep = endpoints[Number(dest.flowId.split('|')[1])];
    if (ep !== undefined) return ep;
  }
  const fam = ipFamily(dest.address) === 6 ? 6 : 4;
  const same = endpoints.filter((u) => u.family === fam);
  const loop = isLoopback(dest.address);
  const ep =
    same.find((u) => isLoopback(u.address) === loop) ?? same.find((u) => isUnspecified(u.address)) ?? same[0];
  if (ep === undefined) throw new TransportError('unreachable', `No UDP socket for IPv${fam}`);
  return ep;
}

/** The socket a request came in on (responses leave from it: RFC 3581 section 4). */
export function endpointOf(endpoints: readonly UdpEndpoint[], source: Source): UdpEndpoint | undefined {
  const fam = ipFamily(source.remoteAddress) === 6 ? 6 : 4;
  return endpoints.find(
    (u) => u.port === source.localPort && u.family === fam && sameAddress(u.address, source.localAddress),
  );
}
