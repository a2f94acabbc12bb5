/**
 * Whether something listens on a loopback port, read from /proc/net (Linux),
 * so readiness checks never send to a peer or steal its port.
 */
import { readFileSync } from 'node:fs';

const TCP_LISTEN = '0A';

function table(name: string): string[] {
  try {
    return readFileSync(`/proc/net/${name}`, 'latin1').split('\n').slice(1);
  } catch {
    return [];
  }
}

/** True when a UDP socket is bound to the port, or a TCP socket listens on it (any local address). */
export function isListening(protocol: 'udp' | 'tcp', port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const name of protocol === 'udp' ? ['udp', 'udp6'] : ['tcp', 'tcp6']) {
    for (const line of table(name)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      if (!local?.endsWith(`:${hexPort}`)) continue;
      if (protocol === 'udp' || cols[3] === TCP_LISTEN) return true;
    }
  }
  return false;
}
