/**
 * linphonec (Debian linphone-cli, liblinphone with bzrtp) as an interop peer: a private
 * HOME and rc file (127.0.0.1 only, no IPv6, ZRTP or not), commands on its stdin (`answer`,
 * `play FILE`, `terminate`, `quit`), its stdout kept for the test to read, stopped by PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LinphonecOptions {
  /** A private directory for HOME, the rc file and the log. */
  readonly dir: string;
  readonly sipPort: number;
  readonly rtpPort: number;
  /** `media_encryption` of its [sip] section. */
  readonly encryption: 'zrtp' | 'srtp' | 'none';
  /** Answer incoming calls by itself (-a). */
  readonly autoAnswer: boolean;
  /** Register through a registrar/proxy on 127.0.0.1 (its calls then go through it). */
  readonly register?: {
    readonly proxyPort: number;
    readonly user: string;
    readonly password: string;
    readonly domain: string;
  };
}

export class Linphonec {
  readonly #child: ChildProcess;
  /** The log file (-d 6), e.g. for libsrtp's rejections. */
  readonly log: string;
  #out = '';
  #exited = false;

  private constructor(child: ChildProcess, log: string) {
    this.#child = child;
    this.log = log;
    child.stdout?.on('data', (d: Buffer) => {
      this.#out += d.toString();
    });
    child.stderr?.on('data', () => {});
    child.stdin?.on('error', () => {}); // EPIPE once it is gone: the waits report it
    child.once('exit', () => {
      this.#exited = true;
    });
  }

  static start(o: LinphonecOptions): Linphonec {
    const home = join(o.dir, 'home');
    mkdirSync(join(home, '.local/share/linphone'), { recursive: true });
    const rc = join(o.dir, 'linphonerc');
    writeFileSync(
      rc,
      `[sip]\nsip_port=${o.sipPort}\nsip_tcp_port=0\nmedia_encryption=${o.encryption}\n` +
        `use_ipv6=0\nipv6_migration_done=1\n${o.register ? 'default_proxy=0\n' : ''}` +
        `[rtp]\naudio_rtp_port=${o.rtpPort}\nvideo_rtp_port=${o.rtpPort + 2}\n[app]\nipv6_migration_done=1\n` +
        registration(o.register),
    );
    const log = join(o.dir, 'linphonec.log');
    const args = ['-c', rc, '-d', '6', '-l', log, ...(o.autoAnswer ? ['-a'] : [])];
    const child = spawn('linphonec', args, {
      env: { ...process.env, HOME: home },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const l = new Linphonec(child, log);
    // No sound card here: its "microphone" plays files given with `play`, silence otherwise.
    l.command('soundcard use files');
    return l;
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** Everything it printed so far. */
  get output(): string {
    return this.#out;
  }

  command(line: string): void {
    if (!this.#exited) this.#child.stdin?.write(`${line}\n`);
  }

  /** Resolves with the first match of `re` in its output (past or future); bounded. */
  async waitFor(re: RegExp, ms: number, what: string): Promise<RegExpExecArray> {
    const end = Date.now() + ms;
    for (;;) {
      const m = re.exec(this.#out);
      if (m) return m;
      if (this.#exited)
        throw new Error(`linphonec exited while waiting for ${what}:\n${this.#out.slice(-2000)}`);
      if (Date.now() > end)
        throw new Error(`no ${what} from linphonec within ${ms} ms:\n${this.#out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Asks `proxy list` until its proxy says `registered: yes`; bounded. */
  async waitRegistered(ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (!/registered: yes/.test(this.#out)) {
      if (this.#exited || Date.now() > end)
        throw new Error(`linphonec did not register within ${ms} ms:\n${this.#out.slice(-2000)}`);
      this.command('proxy list');
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** `quit`, then SIGKILL by PID if it has not exited within `ms`. */
  async stop(ms = 5000): Promise<void> {
    if (this.#exited) return;
    const gone = new Promise<void>((r) => this.#child.once('exit', () => r()));
    this.command('quit');
    const timer = setTimeout(() => {
      if (!this.#exited && this.#child.pid !== undefined) process.kill(this.#child.pid, 'SIGKILL');
    }, ms);
    await gone;
    clearTimeout(timer);
  }
}

/** The rc sections of a registration with digest credentials. */
function registration(r: LinphonecOptions['register']): string {
  if (!r) return '';
  return (
    `[proxy_0]\nreg_proxy=<sip:127.0.0.1:${r.proxyPort}>\nreg_route=<sip:127.0.0.1:${r.proxyPort};lr>\n` +
    `reg_identity=sip:${r.user}@${r.domain}\nreg_expires=60\nreg_sendregister=1\npublish=0\n` +
    `[auth_info_0]\nusername=${r.user}\nuserid=${r.user}\npasswd=${r.password}\nrealm=${r.domain}\ndomain=${r.domain}\n`
  );
}
