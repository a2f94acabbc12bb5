/**
 * End to end with ZRTP: two `twinkle` processes on 127.0.0.1 whose profiles say
 * zrtp_enabled=yes. The call is encrypted on both sides with the same SAS (the
 * call-encrypted lines of --json), `zrtp confirm-sas` answers with the state, and the
 * retained secret is in each config directory afterwards.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultProfile, writeProfile } from '@twinkle/phone';
import { afterAll, describe, expect, it } from 'vitest';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

type Json = { type: string } & Record<string, unknown>;

class Twinkle {
  readonly lines: Json[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  readonly #waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly dir: string,
    readonly process: ChildProcessWithoutNullStreams,
  ) {
    let buf = '';
    process.stdout.setEncoding('utf8');
    process.stdout.on('data', (d: string) => {
      buf += d;
      const parts = buf.split('\n');
      buf = parts.pop()!;
      for (const p of parts) if (p.trim() !== '') this.lines.push(JSON.parse(p) as Json);
      for (const w of this.#waiters) w();
    });
    process.stderr.setEncoding('utf8');
    process.stderr.on('data', (d: string) => this.stderr.push(d));
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  }

  send(line: string): void {
    this.process.stdin.write(`${line}\n`);
  }

  /** The first line matching, waiting up to `ms`. */
  async waitFor(match: (j: Json) => boolean, ms = 8000): Promise<Json> {
    const found = () => this.lines.find(match);
    const end = Date.now() + ms;
    for (;;) {
      const f = found();
      if (f) return f;
      const left = end - Date.now();
      if (left <= 0)
        throw new Error(
          `${this.name}: no match in ${ms} ms; got ${JSON.stringify(this.lines)} ${this.stderr.join('')}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, left);
        function done() {
          clearTimeout(t);
          waiters.delete(done);
          resolve();
        }
        const waiters = this.#waiters;
        waiters.add(done);
      });
    }
  }
}

const started: Twinkle[] = [];
const dirs: string[] = [];

async function startTwinkle(name: string, sipPort: number, dir: string): Promise<Twinkle> {
  const args = [
    '--config-dir',
    dir,
    '--json',
    '--address',
    '127.0.0.1',
    '--sip-port',
    String(sipPort),
    '--rtp-port',
    '0',
  ];
  // The sources run through tsx with the workspace's source condition, as vitest runs them.
  const child = spawn(process.execPath, ['--conditions=@twinkle/source', '--import', 'tsx', MAIN, ...args], {
    cwd: APP_DIR,
    env: { ...process.env, XDG_RUNTIME_DIR: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const t = new Twinkle(name, dir, child);
  started.push(t);
  return t;
}

afterAll(async () => {
  for (const t of started) {
    if (t.process.exitCode === null && t.process.signalCode === null && t.process.pid !== undefined) {
      process.kill(t.process.pid, 'SIGKILL');
      await t.exited;
    }
  }
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A config directory with one profile for direct calls on 127.0.0.1, ZRTP on. */
async function zrtpConfig(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `twinkle-zrtp-${name}-`));
  dirs.push(dir);
  const user = userInfo().username;
  await writeProfile(dir, user, {
    ...defaultProfile(),
    userName: user,
    userDomain: '127.0.0.1',
    registerAtStartup: false,
    zrtpEnabled: true,
  });
  return dir;
}

describe('ZRTP between two twinkle processes', () => {
  it('both print the same SAS in --json, zrtp confirm-sas works, the cache is kept', async () => {
    const a = await startTwinkle('za', 0, await zrtpConfig('a'));
    const b = await startTwinkle('zb', 0, await zrtpConfig('b'));
    await a.waitFor((j) => j.type === 'ready', 15_000);
    const bSip = String((await b.waitFor((j) => j.type === 'ready', 15_000)).sip);
    b.send('auto_answer -a on');
    await b.waitFor((j) => j.type === 'result' && j.command === 'auto_answer');
    a.send(`call sip:${userInfo().username}@${bSip}`);
    const ea = await a.waitFor((j) => j.type === 'call-encrypted', 15_000);
    const eb = await b.waitFor((j) => j.type === 'call-encrypted', 15_000);
    expect(ea).toMatchObject({
      line: 1,
      method: 'zrtp',
      cipher: 'AES_CM_128_HMAC_SHA1_80',
      sasVerified: false,
    });
    expect(ea.sas).toMatch(/^[ybndrfg8ejkmcpqxot1uwisza345h769]{4}$/);
    expect(eb.sas).toBe(ea.sas);

    a.send('zrtp confirm-sas');
    expect(await a.waitFor((j) => j.type === 'result' && j.command === 'zrtp')).toMatchObject({
      ok: true,
      data: { line: 1, action: 'confirm-sas', encrypted: true, sas: ea.sas, sasVerified: true },
    });
    await a.waitFor((j) => j.type === 'sas-verified');
    b.send('zrtp nonsense');
    expect(
      await b.waitFor((j) => j.type === 'result' && j.command === 'zrtp' && j.ok === false),
    ).toMatchObject({
      ok: false,
    });

    a.send('bye');
    await b.waitFor((j) => j.type === 'call-ended');
    a.send('quit');
    b.process.stdin.end('quit\n');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    const cache = JSON.parse(await readFile(join(a.dir, 'zrtp-cache.json'), 'utf8'));
    expect(Object.values(cache.peers)).toEqual([
      expect.objectContaining({ verified: true, rs1: expect.any(String) }),
    ]);
  }, 60_000);
});
