/**
 * Whether a socket is bound to a loopback port, read from /proc (Linux), so
 * readiness checks never send to a peer or steal its port. With a PID, only
 * sockets that process holds count: another program on the same port (a
 * parallel test run) does not make our peer look ready; the PID is a process
 * group leader (peers are started detached) and its whole group counts.
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

/** The processes of a process group (a peer started detached leads its own group). */
function groupMembers(pgid: number): number[] {
  const members = [pgid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === pgid) continue;
    try {
      // the fields after the parenthesised command: state, ppid, pgrp
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return members;
}

/** Socket inodes the processes of a group hold open (kamailio's TCP listener is in a child). */
function socketInodes(pgid: number): Set<string> {
  const inodes = new Set<string>();
  for (const pid of groupMembers(pgid)) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // closed meanwhile
      }
    }
  }
  return inodes;
}

/**
 * True when a UDP socket is bound to the port, or a TCP socket listens on it
 * (any local address); with `pid`, only a socket of that process group.
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
