/**
 * Peers of the NAT tests on 127.0.0.1: a STUN server that answers as a NAT
 * would (a made-up public address, ports shifted), a bare UDP socket that
 * collects what the phone sends, and coturn's turnserver (Debian `coturn`)
 * as an independent STUN server. Everything stops by handle or PID.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerBindingRequest, lookupMapping } from '@twinkle/stun';

export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A UDP socket on 127.0.0.1 that keeps every datagram it gets. */
export interface UdpPeer {
  readonly socket: Socket;
  readonly port: number;
  readonly received: { text: string; data: Buffer; from: { address: string; port: number } }[];
  /** The first datagram (past or future) whose text matches; rejects after `ms`. */
  waitFor(match: (text: string) => boolean, ms?: number): Promise<{ text: string; from: { port: number } }>;
  close(): Promise<void>;
}

export async function udpPeer(
  onMessage?: (data: Buffer, from: { address: string; port: number }, s: Socket) => void,
): Promise<UdpPeer> {
  const socket = createSocket('udp4');
  const received: UdpPeer['received'] = [];
  socket.on('message', (data, rinfo) => {
    received.push({
      text: data.toString('latin1'),
      data,
      from: { address: rinfo.address, port: rinfo.port },
    });
    onMessage?.(data, rinfo, socket);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  const port = socket.address().port;
  return {
    socket,
    port,
    received,
    waitFor: async (match, ms = 3000) => {
      const end = Date.now() + ms;
      for (;;) {
        const hit = received.find((m) => match(m.text));
        if (hit) return hit;
        if (Date.now() > end)
          throw new Error(`no matching datagram on ${port} within ${ms} ms (${received.length} seen)`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => new Promise<void>((r) => socket.close(() => r())),
  };
}

/**
 * A STUN server playing a NAT: every Binding request is answered with
 * `publicAddress` and the source port mapped by `mapPort`.
 */
export async function natStunServer(
  publicAddress: string,
  mapPort: (port: number) => number,
): Promise<UdpPeer> {
  return udpPeer((data, from, s) => {
    const answer = answerBindingRequest(data, { address: publicAddress, port: mapPort(from.port) });
    if (answer) s.send(answer, from.port, from.address);
  });
}

/** coturn's turnserver in STUN-only mode on 127.0.0.1, answering within 10 s. */
export async function startCoturn(): Promise<{ port: number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'twinkle-coturn-'));
  const probe = await udpPeer();
  const port = probe.port;
  await probe.close();
  const args = [
    '-n',
    '--stun-only',
    '-L',
    '127.0.0.1',
    '--listening-port',
    String(port),
    '--no-cli',
    '--no-tls',
  ];
  args.push('--no-dtls', '--no-auth', '--log-file', 'stdout', '--simple-log');
  args.push('--pidfile', join(dir, 'turn.pid'), '--userdb', join(dir, 'turndb'));
  const child: ChildProcess = spawn('turnserver', args, { stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    const t = setTimeout(() => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, 3000);
    await exited;
    clearTimeout(t);
    rmSync(dir, { recursive: true, force: true });
  };
  const end = Date.now() + 10_000;
  while (Date.now() < end && child.exitCode === null) {
    const r = await lookupMapping(
      { address: '127.0.0.1', port },
      { address: '127.0.0.1', rto: 100, rc: 2, rm: 2 },
    );
    if (r.ok) return { port, stop };
  }
  await stop();
  throw new Error(`turnserver did not answer on 127.0.0.1:${port}`);
}
