/**
 * End to end with ZRTP: two `twinkle` processes on 127.0.0.1 whose profiles say
 * zrtp_enabled=yes. The call is encrypted on both sides with the same SAS (the
 * call-encrypted lines of --json), `zrtp confirm-sas` answers with the state, and the
 * retained secret is in each config directory afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultProfile, writeProfile } from '@twinkle/phone';
import { afterAll, describe, expect, it } from 'vitest';
import { Twinkle } from './twinkle-process.test-util.js';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

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
