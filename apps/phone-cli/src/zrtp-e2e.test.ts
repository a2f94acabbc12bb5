/**
 * End to end with ZRTP: two `twinkle` processes on 127.0.0.1 whose profiles say
 * zrtp_enabled=yes. The call is encrypted on both sides with the same SAS (the
 * call-encrypted lines of --json), `zrtp confirm-sas` answers with the state, and the
 * retained secret is in each config directory afterwards.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { defaultProfile, writeProfile } from '@twinkle/phone';
import { afterAll, describe, expect, it } from 'vitest';
import { TwinkleProcesses } from './twinkle-process.test-util.js';

const phones = new TwinkleProcesses();
afterAll(() => phones.stopAll());

/** A config directory with one profile for direct calls on 127.0.0.1, ZRTP on. */
async function zrtpConfig(name: string): Promise<string> {
  const dir = await phones.makeDir(`twinkle-zrtp-${name}`);
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
    const a = await phones.start('za', 0, await zrtpConfig('a'));
    const b = await phones.start('zb', 0, await zrtpConfig('b'));
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
