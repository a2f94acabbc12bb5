/**
 * baresip as an independent peer: a config directory written for one test (SIP and RTP on
 * 127.0.0.1 only, PCMU only, a WAV file as microphone, the sndfile module dumping what it
 * sends and receives), the process started detached with its output in files, driven over
 * ctrl_tcp (netstring JSON), and stopped by PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';

/** The baresip program on PATH, or undefined. */
export function findBaresip(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, 'baresip'), constants.X_OK);
      return join(dir, 'baresip');
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface BaresipOptions {
  /** Config directory and working directory (the sndfile dumps land here). */
  readonly dir: string;
  readonly sipPort: number;
  readonly ctrlPort: number;
  /** First of the RTP ports baresip may use (it takes a range of 20). */
  readonly rtpPort: number;
  /** The WAV file baresip's microphone reads. */
  readonly microphone: string;
  /** The user of baresip's account, `sip:USER@127.0.0.1`. */
  readonly user: string;
  /** More config lines, after the defaults (TLS certificates, the srtp module). */
  readonly config?: readonly string[];
  /** The whole account line instead of the default one for `user`. */
  readonly account?: string;
}

let exitHookInstalled = false;
const running = new Set<number>();

export class Baresip {
  readonly #child: ChildProcess;
  readonly #dir: string;
  readonly #ctrlPort: number;
  readonly exited: Promise<void>;
  #gone = false;

  private constructor(child: ChildProcess, options: BaresipOptions) {
    this.#child = child;
    this.#dir = options.dir;
    this.#ctrlPort = options.ctrlPort;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        this.#gone = true;
        running.delete(child.pid ?? -1);
        resolve();
      });
    });
  }

  static async start(program: string, options: BaresipOptions): Promise<Baresip> {
    const { dir } = options;
    // Only the modules the calls need; `alsa,null` is never opened as the player is aubridge.
    const config = [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${options.sipPort}`,
      `audio_source aufile,${options.microphone}`,
      // aubridge plays nothing until a matching source exists: no sound card, no busy loop
      'audio_player aubridge,nowhere',
      'audio_alert aubridge,nowhere',
      `rtp_ports ${options.rtpPort}-${options.rtpPort + 19}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module aubridge.so',
      'module sndfile.so',
      'module_app account.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${options.ctrlPort}`,
      'snd_path .',
      ...(options.config ?? []),
      '',
    ].join('\n');
    writeFileSync(join(dir, 'config'), config);
    writeFileSync(
      join(dir, 'accounts'),
      `${options.account ?? `<sip:${options.user}@127.0.0.1>;regint=0;answermode=auto;audio_codecs=PCMU`}\n`,
    );
    writeFileSync(join(dir, 'contacts'), '');
    const out = openSync(join(dir, 'baresip.log'), 'w');
    try {
      const child = spawn(program, ['-f', dir, '-n', '127.0.0.1'], {
        cwd: dir,
        stdio: ['ignore', out, out],
        detached: true,
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', () => resolve());
        child.once('error', (e) => reject(new Error(`cannot start baresip: ${e.message}`)));
      });
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', () => {
          for (const pid of running) killGroup(pid, 'SIGKILL');
        });
      }
      running.add(child.pid ?? -1);
      const peer = new Baresip(child, options);
      await peer.waitFor((log) => log.includes('baresip is ready.'), 5000, 'ready');
      return peer;
    } finally {
      closeSync(out);
    }
  }

  /** What baresip printed so far. */
  log(): string {
    try {
      return readFileSync(join(this.#dir, 'baresip.log'), 'latin1');
    } catch {
      return '';
    }
  }

  /** Polls baresip's output every 50 ms until `ready` holds; bounded, and early out on exit. */
  async waitFor(ready: (log: string) => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (ready(this.log())) return;
      if (this.#gone) throw new Error(`baresip exited before ${what}\n${this.log()}`);
      if (Date.now() > deadline) throw new Error(`baresip: no ${what} within ${ms} ms\n${this.log()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends one ctrl_tcp command (netstring-framed JSON) and resolves with baresip's reply. */
  command(
    command: string,
    params = '',
    ms = 3000,
  ): Promise<{ response?: boolean; ok?: boolean; data?: string }> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify({ command, params, token: 'twinkle' });
      const socket = connect({ host: '127.0.0.1', port: this.#ctrlPort });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`baresip ${command}: no reply within ${ms} ms\n${this.log()}`));
      }, ms);
      let received = '';
      socket.setEncoding('utf8');
      socket.on('connect', () => socket.write(`${Buffer.byteLength(body)}:${body},`));
      socket.on('data', (chunk: string) => {
        received += chunk;
        // replies and events arrive as `LEN:JSON,`; take the first with "response"
        for (;;) {
          const m = /^(\d+):/.exec(received);
          if (!m) break;
          const len = Number(m[1]);
          const start = m[0].length;
          if (received.length < start + len + 1) break;
          const json = received.slice(start, start + len);
          received = received.slice(start + len + 1);
          try {
            const message = JSON.parse(json) as { response?: boolean };
            if (message.response) {
              clearTimeout(timer);
              socket.end();
              resolve(message);
              return;
            }
          } catch {
            // not JSON: keep reading
          }
        }
      });
      socket.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`baresip ${command}: ${e.message}`));
      });
    });
  }

  /** SIGTERM, then SIGKILL of its process group after `graceMs`; resolves once it exited. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.#gone) return;
    killGroup(this.#child.pid ?? -1, 'SIGTERM');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((r) => {
      timer = setTimeout(() => r('late'), graceMs);
    });
    const first = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (first === 'late') {
      killGroup(this.#child.pid ?? -1, 'SIGKILL');
      await this.exited;
    }
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
