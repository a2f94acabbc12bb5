/**
 * Whether anything listens on a UDP port, as far as the network says. Our SIP socket is
 * not connected (it talks to everyone), and Linux reports an ICMP error only to a connected
 * UDP socket, so the SIP socket never learns that its INVITE hit a closed port: the
 * transaction would wait for Timer B (32 s). A second, connected socket sends an empty
 * line pair (CRLF CRLF, which SIP receivers ignore, RFC 3261 section 7.5, and RFC 5626 uses
 * as a keep-alive) to the same address; the kernel turns an ICMP port unreachable into
 * ECONNREFUSED and host/network unreachable into EHOSTUNREACH/ENETUNREACH on that socket
 * (RFC 1122 section 4.1.3.3). Silence proves nothing: a firewall may drop both.
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

export type UdpProbeResult = 'port-unreachable' | 'host-unreachable' | 'no-error';

const PING = Buffer.from('\r\n\r\n');

/**
 * Sends two pings (the second in case the first ICMP answer was rate-limited) and resolves
 * with what the network reported within `waitMs`. `host` is an IP address or a name.
 */
export function probeUdp(host: string, port: number, waitMs = 600): Promise<UdpProbeResult> {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  const socket = createSocket(isIPv6(bare) ? 'udp6' : 'udp4');
  return new Promise((resolve) => {
    let done = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (result: UdpProbeResult) => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      try {
        socket.close();
      } catch {
        // closed already
      }
      resolve(result);
    };
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') finish('port-unreachable');
      else if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') finish('host-unreachable');
      else finish('no-error'); // a name that does not resolve, no route at all: not ours to say
    });
    // anything that comes back (a SIP server answering the ping) is no error
    socket.on('message', () => finish('no-error'));
    const ping = () => {
      if (!done) socket.send(PING, () => {});
    };
    socket.connect(port, bare, () => {
      ping();
      timers.push(setTimeout(ping, Math.min(200, waitMs / 2)));
    });
    timers.push(setTimeout(() => finish('no-error'), waitMs));
  });
}
