/**
 * Loopback ports for the phone's interop tests: a range of their own (below the Linux
 * ephemeral range, apart from sip-core's interop range 15000-19999 and the RTP tests'
 * 23000-25699), a random start because test files of several packages run at once, and
 * each candidate checked by binding UDP and TCP on 127.0.0.1.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const MIN = 26000;
const MAX = 29999;
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

/**
 * The first of `size` consecutive ports free for UDP and TCP (baresip's SIP port and the
 * TLS port it binds next to it; an RTP range).
 */
export async function freePortBlock(size: number): Promise<number> {
  const span = MAX - MIN + 1 - size;
  let base = MIN + Math.floor(Math.random() * span);
  for (let tries = 0; tries < 200; tries++) {
    base = MIN + ((base - MIN + 13) % span);
    let ok = true;
    for (let p = base; p < base + size && ok; p++)
      ok = !handedOut.has(p) && (await udpFree(p)) && (await tcpFree(p));
    if (ok) {
      for (let p = base; p < base + size; p++) handedOut.add(p);
      return base;
    }
  }
  throw new Error(`no ${size} consecutive free ports in ${MIN}-${MAX}`);
}
