/**
 * coturn's turnserver (Debian package `coturn`) as an independent STUN
 * server on 127.0.0.1, started by PID and stopped by PID.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookupMapping } from '../src/index.js';

export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A free UDP port on 127.0.0.1 or ::1 (bound and released). */
export async function freeUdpPort(address = '127.0.0.1'): Promise<number> {
  const s = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((r) => s.bind(0, address, () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface StunServer {
  readonly address: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Whether this machine has IPv6 loopback (some containers turn IPv6 off). */
export async function haveIpv6Loopback(): Promise<boolean> {
  const s = createSocket('udp6');
  const ok = await new Promise<boolean>((r) => {
    s.once('error', () => r(false));
    s.bind(0, '::1', () => r(true));
  });
  s.close();
  return ok;
}

/** Starts turnserver in STUN-only mode on `address` and waits (at most 10 s) until it answers a Binding request. */
export async function startCoturn(address = '127.0.0.1'): Promise<StunServer> {
  const dir = mkdtempSync(join(tmpdir(), 'twinkle-coturn-'));
  const port = await freeUdpPort(address);
  const out = openSync(join(dir, 'turn.log'), 'w');
  const child: ChildProcess = spawn(
    'turnserver',
    [
      '-n',
      '--stun-only',
      '-L',
      address,
      '--listening-port',
      String(port),
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      '--no-auth',
      '--log-file',
      'stdout',
      '--simple-log',
      '--pidfile',
      join(dir, 'turn.pid'),
      '--userdb',
      join(dir, 'turndb'),
    ],
    // Output to a file (read on failure).
    { stdio: ['ignore', out, out] },
  );
  closeSync(out);
  const log = () => {
    try {
      return readFileSync(join(dir, 'turn.log'), 'latin1');
    } catch {
      return '';
    }
  };
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    const t = setTimeout(
      () => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'),
      3000,
    );
    await exited;
    clearTimeout(t);
    rmSync(dir, { recursive: true, force: true });
  };
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    if (child.exitCode !== null) break;
    const r = await lookupMapping({ address, port }, { address, rto: 100, rc: 2, rm: 2 });
    if (r.ok) return { address, port, stop };
  }
  await stop();
  throw new Error(`turnserver did not answer on ${address} port ${port}\n${log().slice(-2000)}`);
}
