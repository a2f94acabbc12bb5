/**
 * Free loopback ports for peers and our stack. Ports come from a range below
 * the Linux ephemeral range (32768-60999), so no outgoing connection of
 * another process takes them by chance, and away from the ranges other
 * packages' tests use (rtp: 23000-25699). Each candidate is checked by binding
 * UDP and TCP on 127.0.0.1; test files run in parallel workers, so the start
 * is random and a port handed out is not handed out again by this process.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export const INTEROP_PORT_MIN = 15000;
export const INTEROP_PORT_MAX = 19999;

const handedOut = new Set<number>();

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** Whether a port is free on 127.0.0.1 for both UDP and TCP. */
export async function portFree(port: number): Promise<boolean> {
  return (await udpFree(port)) && (await tcpFree(port));
}

/** `count` distinct ports, each free for UDP and TCP on 127.0.0.1 when checked. */
export async function freePorts(count: number): Promise<number[]> {
  const span = INTEROP_PORT_MAX - INTEROP_PORT_MIN + 1;
  const ports: number[] = [];
  let candidate = INTEROP_PORT_MIN + Math.floor(Math.random() * span);
  for (let tries = 0; tries < span && ports.length < count; tries++) {
    candidate = INTEROP_PORT_MIN + ((candidate - INTEROP_PORT_MIN + 7) % span);
    if (handedOut.has(candidate)) continue;
    if (await portFree(candidate)) {
      handedOut.add(candidate);
      ports.push(candidate);
    }
  }
  if (ports.length < count)
    throw new Error(`no ${count} free ports in ${INTEROP_PORT_MIN}-${INTEROP_PORT_MAX}`);
  return ports;
}

/**
 * The first of `size` consecutive free ports (sipp binds its media ports at
 * -mp, -mp+2 and neighbours).
 */
export async function freePortBlock(size: number): Promise<number> {
  const span = INTEROP_PORT_MAX - INTEROP_PORT_MIN + 1 - size;
  let base = INTEROP_PORT_MIN + Math.floor(Math.random() * span);
  for (let tries = 0; tries < 200; tries++) {
    base = INTEROP_PORT_MIN + ((base - INTEROP_PORT_MIN + 11) % span);
    let ok = true;
    for (let p = base; p < base + size && ok; p++) ok = !handedOut.has(p) && (await portFree(p));
    if (ok) {
      for (let p = base; p < base + size; p++) handedOut.add(p);
      return base;
    }
  }
  throw new Error(`no ${size} consecutive free ports in ${INTEROP_PORT_MIN}-${INTEROP_PORT_MAX}`);
}

/** One free port. */
export async function freePort(): Promise<number> {
  const [p] = await freePorts(1);
  return p!;
}
