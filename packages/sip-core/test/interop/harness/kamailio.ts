/**
 * kamailio as registrar and stateful proxy, from interop/kamailio/kamailio.cfg,
 * in the foreground (-DD -E) with a private runtime dir, pid file and log in a
 * temp dir, listening only on 127.0.0.1 (UDP and TCP on one port, TLS on
 * another with a certificate made at start).
 */

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isListening } from './listening.js';
import { PeerProcess } from './peer-process.js';
import { peerPath } from './peers.js';
import { freePort } from './ports.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';
import { makeTestCertificate, type TestCertificate } from './tls-cert.js';

export const KAMAILIO_CONFIG = fileURLToPath(
  new URL('../../../interop/kamailio/kamailio.cfg', import.meta.url),
);

/** The realm and test users of kamailio.cfg. */
export const KAMAILIO_REALM = 'interop.test';
export const KAMAILIO_USERS = {
  alice: 'alice-secret',
  bob: 'bob-secret',
  carol: 'carol-secret',
  dave: 'dave-secret',
} as const;

export interface KamailioOptions {
  /** Listen on TLS too (needs openssl and kamailio-tls-modules). */
  readonly tls?: boolean;
  /** Challenge initial non-REGISTER requests with 407 as well. */
  readonly proxyAuth?: boolean;
  /** Lifetime of nonces in seconds (default 60), for stale=true tests. */
  readonly nonceExpireS?: number;
}

export class KamailioPeer {
  readonly port: number;
  readonly tlsPort: number | undefined;
  readonly certificate: TestCertificate | undefined;
  readonly dir: string;
  readonly process: PeerProcess;

  private constructor(
    port: number,
    tlsPort: number | undefined,
    certificate: TestCertificate | undefined,
    dir: string,
    process: PeerProcess,
  ) {
    this.port = port;
    this.tlsPort = tlsPort;
    this.certificate = certificate;
    this.dir = dir;
    this.process = process;
  }

  /** Starts kamailio and waits (at most 10 s) until every listener is bound. */
  static async start(options: KamailioOptions = {}): Promise<KamailioPeer> {
    const kamailio = peerPath('kamailio');
    const dir = makeTempDir('kamailio');
    try {
      const port = await freePort();
      const tlsPort = options.tls ? await freePort() : undefined;
      const certificate = options.tls ? makeTestCertificate(dir) : undefined;
      const args = ['-f', KAMAILIO_CONFIG, '-DD', '-E', '-Y', dir, '-P', join(dir, 'kamailio.pid')];
      args.push('-n', '2', '-N', '2', '-m', '64', '-M', '8');
      args.push('-l', `udp:127.0.0.1:${port}`, '-l', `tcp:127.0.0.1:${port}`);
      if (certificate && tlsPort !== undefined) {
        args.push('-l', `tls:127.0.0.1:${tlsPort}`, '-A', 'WITH_TLS');
        args.push(
          '-A',
          `TLS_CERTIFICATE="${certificate.certPath}"`,
          '-A',
          `TLS_PRIVATE_KEY="${certificate.keyPath}"`,
        );
      }
      if (options.proxyAuth) args.push('-A', 'WITH_PROXY_AUTH');
      if (options.nonceExpireS !== undefined)
        args.push('-A', `NONCE_EXPIRE=${Math.round(options.nonceExpireS)}`);
      const process = await PeerProcess.start({ name: 'kamailio', command: kamailio, args, dir });
      const peer = new KamailioPeer(port, tlsPort, certificate, dir, process);
      try {
        await process.waitUntil(
          () =>
            isListening('udp', port, process.pid) &&
            isListening('tcp', port, process.pid) &&
            (tlsPort === undefined || isListening('tcp', tlsPort, process.pid)),
          10_000,
          'listeners bound',
        );
      } catch (e) {
        await peer.close();
        throw e;
      }
      return peer;
    } catch (e) {
      removeTempDir(dir);
      throw e;
    }
  }

  /** The proxy's URI for a transport, e.g. `sip:127.0.0.1:15080;transport=tcp`. */
  uri(transport: 'udp' | 'tcp' | 'tls'): string {
    if (transport === 'tls') return `sip:127.0.0.1:${this.tlsPort};transport=tls`;
    return `sip:127.0.0.1:${this.port};transport=${transport}`;
  }

  /** Stops kamailio (SIGTERM, then SIGKILL) and removes its temp dir. */
  async close(): Promise<void> {
    await this.process.stop();
    removeTempDir(this.dir);
  }
}
