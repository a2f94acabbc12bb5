/**
 * kamailio (Debian's package) as registrar and stateful proxy on 127.0.0.1 for the Phone's
 * interop tests, with fixtures/interop/kamailio/kamailio.cfg: digest users in an htable, no
 * database. Started in the foreground in its own process group, ready once it answers an
 * OPTIONS probe, stopped by PID.
 */
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { PeerProcess } from './peer-process.js';

/** kamailio listening on udp:127.0.0.1:`port`. */
export class Kamailio {
  readonly port: number;
  readonly #process: PeerProcess;

  private constructor(process: PeerProcess, port: number) {
    this.#process = process;
    this.port = port;
  }

  /** Starts kamailio with `config` (run files in `dir`) and waits until it answers OPTIONS. */
  static async start(
    program: string,
    config: string,
    dir: string,
    port: number,
    readyMs = 8000,
  ): Promise<Kamailio> {
    const args = [
      '-f',
      config,
      '-DD',
      '-E',
      '-Y',
      dir,
      '-P',
      join(dir, 'kamailio.pid'),
      '-n',
      '2',
      '-l',
      `udp:127.0.0.1:${port}`,
    ];
    const p = await PeerProcess.start(program, args, dir, join(dir, 'kamailio.log'));
    const k = new Kamailio(p, port);
    try {
      await k.#probe(readyMs);
    } catch (e) {
      await p.stop();
      throw e;
    }
    return k;
  }

  get pid(): number {
    return this.#process.pid;
  }

  log(): string {
    return this.#process.log();
  }

  /** Sends OPTIONS every 100 ms until a 200 comes back; bounded by `ms`. */
  #probe(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = createSocket('udp4');
      let n = 0;
      const finish = (error?: Error) => {
        clearInterval(timer);
        clearTimeout(deadline);
        socket.close();
        if (error) reject(error);
        else resolve();
      };
      socket.on('message', (m) => {
        if (m.toString('latin1').startsWith('SIP/2.0 200')) finish();
      });
      socket.on('error', (e) => finish(e));
      const send = () => {
        if (this.#process.gone) {
          finish(new Error(`kamailio exited before it answered OPTIONS\n${this.log()}`));
          return;
        }
        const { port: local } = socket.address();
        n++;
        const text = [
          `OPTIONS sip:127.0.0.1:${this.port} SIP/2.0`,
          `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bKprobe${process.pid}x${n}`,
          'Max-Forwards: 70',
          `From: <sip:probe@127.0.0.1>;tag=p${n}`,
          `To: <sip:127.0.0.1:${this.port}>`,
          `Call-ID: probe-${process.pid}-${this.port}-${n}`,
          `CSeq: ${n} OPTIONS`,
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n');
        socket.send(text, this.port, '127.0.0.1');
      };
      const timer = setInterval(send, 100);
      const deadline = setTimeout(
        () => finish(new Error(`kamailio did not answer OPTIONS within ${ms} ms\n${this.log()}`)),
        ms,
      );
      socket.bind(0, '127.0.0.1', send);
    });
  }

  stop(): Promise<void> {
    return this.#process.stop();
  }
}
