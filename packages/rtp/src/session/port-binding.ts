import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { RandomSource } from './clock.js';
import { RtpSessionError } from './errors.js';

/** An inclusive range of UDP ports to choose the RTP port from. */
export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** The bound sockets of a session. */
export interface BoundSockets {
  readonly rtp: Socket;
  /** The RTCP socket, absent with rtcp-mux (RFC 5761). */
  readonly rtcp: Socket | undefined;
}

/** What to bind. */
export interface BindOptions {
  readonly address: string;
  /** A fixed port (0: any port the system picks) or a range to pick an even RTP port from. */
  readonly port: number | PortRange;
  readonly rtcpMux: boolean;
  readonly random: RandomSource;
}

function bindOne(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4', ipv6Only: isIPv6(address) });
    const onError = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once('error', onError);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/**
 * Binds the RTP socket (and the RTCP socket on the next port unless rtcp-mux).
 * With a range, RTP gets an even port and RTCP the odd one above it (RFC 3550
 * section 11); the search starts at a random even port in the range, wraps
 * around, and tries each pair once.
 */
export async function bindSockets(options: BindOptions): Promise<BoundSockets> {
  const { address, port, rtcpMux } = options;
  if (typeof port === 'number') {
    try {
      const rtp = await bindOne(address, port);
      if (rtcpMux) return { rtp, rtcp: undefined };
      try {
        return { rtp, rtcp: await bindOne(address, port === 0 ? 0 : port + 1) };
      } catch (error) {
        rtp.close();
        throw error;
      }
    } catch (error) {
      throw new RtpSessionError('bind-failed', `cannot bind ${address}:${port}`, { cause: error });
    }
  }
  const lo = port.min + (port.min & 1);
  const hi = rtcpMux ? port.max : port.max - 1;
  if (lo > hi)
    throw new RtpSessionError('no-port', `port range ${port.min}-${port.max} holds no even RTP port`);
  const pairs = Math.floor((hi - lo) / 2) + 1;
  const first = Math.floor(options.random() * pairs);
  for (let i = 0; i < pairs; i++) {
    const rtpPort = lo + ((first + i) % pairs) * 2;
    let rtp: Socket;
    try {
      rtp = await bindOne(address, rtpPort);
    } catch {
      continue;
    }
    if (rtcpMux) return { rtp, rtcp: undefined };
    try {
      return { rtp, rtcp: await bindOne(address, rtpPort + 1) };
    } catch {
      rtp.close();
    }
  }
  throw new RtpSessionError('no-port', `no free RTP/RTCP port pair in ${port.min}-${port.max} on ${address}`);
}
