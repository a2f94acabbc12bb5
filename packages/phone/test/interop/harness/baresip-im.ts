/**
 * baresip 1.0 as an instant messaging and presence peer on 127.0.0.1: its `contact` module
 * sends MESSAGE to the current contact (`message` over ctrl_tcp), its menu prints each
 * received MESSAGE through the `cons` UI module, whose UDP console we read, and its `presence`
 * module answers presence subscriptions with PIDF (`presence_online`/`presence_offline`). Started detached with its output in
 * a file, stopped by PID (its process group).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export interface BaresipImOptions {
  readonly dir: string;
  /** Four free ports from here: SIP (and TLS on the next one), ctrl_tcp, cons. */
  readonly basePort: number;
  readonly user: string;
  /** The contact baresip messages (`"Name" <sip:...>`). */
  readonly contact: string;
}

export class BaresipIm {
  readonly sipPort: number;
  readonly #child: ChildProcess;
  readonly #dir: string;
  readonly #ctrlPort: number;
  readonly #cons: Socket;
  readonly #consPort: number;
  readonly #output: string[] = [];
  readonly exited: Promise<void>;
  #gone = false;

  private constructor(child: ChildProcess, options: BaresipImOptions, cons: Socket) {
    this.#child = child;
    this.#dir = options.dir;
    this.sipPort = options.basePort;
    this.#ctrlPort = options.basePort + 2;
    this.#consPort = options.basePort + 3;
    this.#cons = cons;
    cons.on('message', (m) => this.#output.push(m.toString('utf8')));
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        this.#gone = true;
        resolve();
      }),
    );
  }

  static async start(options: BaresipImOptions): Promise<BaresipIm> {
    const { dir, basePort } = options;
    const config = [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${basePort}`,
      'audio_player aubridge,nowhere',
      'audio_source aubridge,nowhere',
      'audio_alert aubridge,nowhere',
      'module_path /usr/lib/baresip/modules',
      'module cons.so',
      'module g711.so',
      'module aubridge.so',
      'module_app account.so',
      'module_app contact.so',
      'module_app presence.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${basePort + 2}`,
      `cons_listen 127.0.0.1:${basePort + 3}`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'config'), config);
    writeFileSync(join(dir, 'accounts'), `<sip:${options.user}@127.0.0.1>;regint=0;audio_codecs=PCMU\n`);
    writeFileSync(join(dir, 'contacts'), `${options.contact}\n`);
    const out = openSync(join(dir, 'baresip.log'), 'w');
    const cons = createSocket('udp4');
    await new Promise<void>((r) => cons.bind(0, '127.0.0.1', () => r()));
    try {
      const child = spawn('baresip', ['-f', dir, '-n', '127.0.0.1'], {
        cwd: dir,
        stdio: ['ignore', out, out],
        detached: true,
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', () => resolve());
        child.once('error', (e) => reject(new Error(`cannot start baresip: ${e.message}`)));
      });
      const peer = new BaresipIm(child, options, cons);
      await peer.#waitLog((log) => log.includes('baresip is ready.'), 5000, 'ready');
      // Any line to the console makes us its peer: ui_output goes to the last sender.
      cons.send('l', peer.#consPort, '127.0.0.1');
      await peer.waitForOutput((o) => o.includes('Active calls'), 3000, 'console');
      return peer;
    } catch (e) {
      cons.close();
      throw e;
    } finally {
      closeSync(out);
    }
  }

  log(): string {
    try {
      return readFileSync(join(this.#dir, 'baresip.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** What the console printed (received messages appear as `PEER: "TEXT"`). */
  output(): string {
    return this.#output.join('');
  }

  async #waitLog(ready: (log: string) => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ready(this.log())) {
      if (this.#gone) throw new Error(`baresip exited before ${what}\n${this.log()}`);
      if (Date.now() > deadline) throw new Error(`baresip: no ${what} within ${ms} ms\n${this.log()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async waitForOutput(ready: (output: string) => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ready(this.output())) {
      if (Date.now() > deadline)
        throw new Error(`baresip: no ${what} within ${ms} ms\n${this.output()}\n${this.log()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** One ctrl_tcp command (netstring JSON); resolves with the reply. */
  command(command: string, params = '', ms = 3000): Promise<{ ok?: boolean; data?: string }> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify({ command, params, token: 'im' });
      const socket = connect({ host: '127.0.0.1', port: this.#ctrlPort });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`baresip ${command}: no reply within ${ms} ms`));
      }, ms);
      let received = '';
      socket.setEncoding('utf8');
      socket.on('connect', () => socket.write(`${Buffer.byteLength(body)}:${body},`));
      socket.on('data', (chunk: string) => {
        received += chunk;
        const m = /^(\d+):/.exec(received);
        if (!m || received.length < m[0].length + Number(m[1]) + 1) return;
        const json = received.slice(m[0].length, m[0].length + Number(m[1]));
        clearTimeout(timer);
        socket.end();
        try {
          resolve(JSON.parse(json) as { ok?: boolean; data?: string });
        } catch {
          reject(new Error(`baresip ${command}: bad reply ${json}`));
        }
      });
      socket.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** Sends a MESSAGE to the contact (contact module: select it, then `message`). */
  async message(text: string): Promise<void> {
    await this.command('contact_next');
    const r = await this.command('message', text);
    if (r.ok !== true) throw new Error(`baresip message failed: ${JSON.stringify(r)}\n${this.log()}`);
  }

  /** SIGTERM to its process group, SIGKILL after 2 s; closes the console socket. */
  async stop(): Promise<void> {
    this.#cons.close();
    if (this.#gone) return;
    const pid = this.#child.pid ?? -1;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // already gone
      }
    };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(timer);
  }
}
