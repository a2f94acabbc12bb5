/**
 * Whether a socket is bound to a loopback port, read from /proc (Linux), so
 * readiness checks never send to a peer or steal its port. With a PID, only
 * sockets that process holds count: another program on the same port (a
 * parallel test run) does not make our peer look ready.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const TCP_LISTEN = '0A';

function table(name: string): string[] {
  try {
    return readFileSync(`/proc/net/${name}`, 'latin1').split('\n').slice(1);
  } catch {
    return [];
  }
}

/** Socket inodes a process holds open. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/**
 * True when a UDP socket is bound to the port, or a TCP socket listens on it
 * (any local address); with `pid`, only a socket of that process.
 */
export function isListening(protocol: 'udp' | 'tcp', port: number, pid?: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const owned = pid === undefined ? undefined : socketInodes(pid);
  for (const name of protocol === 'udp' ? ['udp', 'udp6'] : ['tcp', 'tcp6']) {
    for (const line of table(name)) {
      const cols = line.trim().split(/\s+/);
      if (!cols[1]?.endsWith(`:${hexPort}`)) continue;
      if (protocol === 'tcp' && cols[3] !== TCP_LISTEN) continue;
      if (owned === undefined || owned.has(cols[9] ?? '')) return true;
    }
  }
  return false;
}
