import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureConfigDir,
  listProfiles,
  readProfile,
  readServices,
  readSystemSettings,
  writeProfile,
  writeSystemSettings,
} from './config-dir.js';
import { ConfigError } from './config-error.js';
import { acquireInstanceLock, lockOwner } from './lock-file.js';
import { createFirstRunProfile, createProfile, profileFromAnswers } from './new-profile.js';

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'twinkle-config-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

describe('config directory', () => {
  it('is created with mode 0700', async () => {
    const dir = join(base, 'a', '.twinkle');
    await ensureConfigDir(dir);
    expect(await mode(dir)).toBe(0o700);
  });

  it('first run writes <login>.cfg for direct calls, once', async () => {
    const dir = join(base, '.twinkle');
    const name = await createFirstRunProfile(dir, { user: 'alice', host: 'wonderland.local' });
    expect(name).toBe('alice');
    expect(await listProfiles(dir)).toEqual(['alice']);
    expect(await mode(join(dir, 'alice.cfg'))).toBe(0o600);
    const p = await readProfile(dir, 'alice');
    expect(p.diagnostics).toEqual([]);
    expect([p.profile.userName, p.profile.userDomain, p.profile.registrar]).toEqual([
      'alice',
      'wonderland.local',
      '',
    ]);
    expect(await createFirstRunProfile(dir, { user: 'bob', host: 'h' })).toBeUndefined();
  });

  it('--new-profile writes the answers with mode 0600 and refuses an existing name', async () => {
    const answers = {
      userName: 'alice',
      domain: 'example.com',
      displayName: 'Alice',
      password: 'pw',
      authName: 'a1',
    };
    const p = await createProfile(base, 'provider', answers);
    expect(p.registrar).toBe('example.com');
    expect(await mode(join(base, 'provider.cfg'))).toBe(0o600);
    const text = await readFile(join(base, 'provider.cfg'), 'utf8');
    expect(text).toContain('\nauth_pass=pw\n');
    expect(text).toContain('\nregistrar=example.com\n');
    await expect(createProfile(base, 'provider', answers)).rejects.toMatchObject({ code: 'exists' });
    await expect(createProfile(base, '../x', answers)).rejects.toMatchObject({ code: 'bad-name' });
    const bad = profileFromAnswers({ userName: 'a', domain: 'example.com', outboundProxy: 'u@proxy' });
    expect(bad.ok).toBe(false);
  });

  it('lists only .cfg files and reads a missing profile as not-found', async () => {
    await writeFile(join(base, 'work.cfg'), 'user_name=1\n');
    await writeFile(join(base, 'alice.cfg'), 'user_name=alice\n');
    await writeFile(join(base, 'alice.svc'), 'dnd=yes\n');
    await writeFile(join(base, 'twinkle.sys'), 'sip_port=5070\n');
    expect(await listProfiles(base)).toEqual(['alice', 'work']);
    expect(await listProfiles(join(base, 'none'))).toEqual([]);
    const err = await readProfile(base, 'nobody').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('not-found');
    expect((await readServices(base, 'alice')).services.dnd).toBe(true);
    expect((await readServices(base, 'work')).services.dnd).toBe(false);
    expect((await readSystemSettings(base)).settings.sipPort).toBe(5070);
    expect((await readSystemSettings(join(base, 'none'))).settings.sipPort).toBe(5060);
  });

  it('writes a changed profile in place, keeping unknown keys, mode 0600', async () => {
    const text = 'user_name=alice\nfuture_key=kept\nptime=20\n';
    await writeFile(join(base, 'alice.cfg'), text, { mode: 0o644 });
    const p = await readProfile(base, 'alice');
    await writeProfile(base, 'alice', { ...p.profile, ptime: 30 }, p.document);
    expect(await readFile(join(base, 'alice.cfg'), 'utf8')).toBe(
      'user_name=alice\nfuture_key=kept\nptime=30\n',
    );
    expect(await mode(join(base, 'alice.cfg'))).toBe(0o600);
    const s = await readSystemSettings(base);
    await writeSystemSettings(base, { ...s.settings, rtpPort: 9000 }, s.document);
    expect(await readFile(join(base, 'twinkle.sys'), 'utf8')).toContain('\nrtp_port=9000\n');
  });
});

describe('instance lock (twinkle.lck)', () => {
  it('refuses a second instance, allows it with force, takes over a stale lock', async () => {
    const alive = new Set([111]);
    const isAlive = (pid: number): boolean => alive.has(pid);
    const first = await acquireInstanceLock(base, { pid: 111, isAlive });
    expect(first.owned).toBe(true);
    expect(await readFile(join(base, 'twinkle.lck'), 'utf8')).toBe('111\n');
    expect(await lockOwner(base, isAlive)).toBe(111);
    await expect(acquireInstanceLock(base, { pid: 222, isAlive })).rejects.toMatchObject({ code: 'locked' });
    const forced = await acquireInstanceLock(base, { pid: 222, isAlive, force: true });
    expect(forced.owned).toBe(false);
    await forced.release();
    expect(await readFile(join(base, 'twinkle.lck'), 'utf8')).toBe('111\n');
    alive.delete(111); // the first instance died without cleaning up
    const second = await acquireInstanceLock(base, { pid: 222, isAlive });
    expect(second.owned).toBe(true);
    expect(await readFile(join(base, 'twinkle.lck'), 'utf8')).toBe('222\n');
    await first.release(); // not ours any more: must leave it
    expect(await readFile(join(base, 'twinkle.lck'), 'utf8')).toBe('222\n');
    await second.release();
    await expect(stat(join(base, 'twinkle.lck'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('treats our real PID as alive with the default check', async () => {
    const lock = await acquireInstanceLock(base);
    await expect(acquireInstanceLock(base, { pid: process.pid + 1 })).rejects.toMatchObject({
      code: 'locked',
    });
    await lock.release();
  });
});
