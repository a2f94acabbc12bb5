import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConfig } from './config-store.js';

const fixture = (name: string): URL => new URL(`../../fixtures/config/${name}`, import.meta.url);

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'twinkle-store-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('openConfig', () => {
  it('opens an existing Twinkle directory unchanged: start profiles, services, history, diagnostics', async () => {
    const dir = join(base, '.twinkle');
    await mkdir(dir);
    for (const f of ['alice.cfg', 'work.cfg', 'work.svc', 'twinkle.sys', 'twinkle.ch'])
      await copyFile(fixture(f), join(dir, f));
    const before = await readFile(join(dir, 'work.cfg'), 'utf8');
    const c = await openConfig({ dir });
    expect(c.source).toBe('start_user_profile');
    expect(c.active.map((a) => a.name)).toEqual(['alice', 'work']);
    expect(c.active[1]!.services.autoAnswer).toBe(true);
    expect(c.firstRunProfile).toBeUndefined();
    expect(c.history.records.length).toBe(3); // ch_max_size=3 in the fixture
    expect(c.diagnostics.map((d) => `${d.file.split('/').pop()}:${d.line}`)).toEqual([
      'work.cfg:22',
      'work.cfg:23',
      'work.cfg:26',
      'work.cfg:27',
      'work.cfg:30',
      'twinkle.ch:5',
    ]);
    expect(await readFile(join(dir, 'work.cfg'), 'utf8')).toBe(before);

    await c.saveServices('work', { ...c.active[1]!.services, dnd: true });
    await c.saveServices('work', { ...c.active[1]!.services, dnd: true, autoAnswer: false });
    const svc = await readFile(join(dir, 'work.svc'), 'utf8');
    expect(svc).toContain('\ndnd=yes\nauto_answer=no\n');
    expect(svc).toContain('cf_busy="Voicemail" <sip:vm@pbx.office.test>\n');

    await c.saveSettings({ ...c.settings, chMaxSize: 2 });
    expect(c.history.maxSize).toBe(2);
    expect(await readFile(join(dir, 'twinkle.sys'), 'utf8')).toContain('\nch_max_size=2\n');
    await c.saveProfile('alice', { ...c.active[0]!.profile, registrationTime: 600 });
    expect(await readFile(join(dir, 'alice.cfg'), 'utf8')).toContain('\nregistration_time=600\n');
  });

  it('first run: creates the directory and a profile for direct calls', async () => {
    const dir = join(base, 'fresh');
    const c = await openConfig({ dir, identity: { user: 'carol', host: 'pc.local' } });
    expect(c.firstRunProfile).toBe('carol');
    expect(c.source).toBe('only-profile');
    expect(c.active[0]!.profile.userDomain).toBe('pc.local');
    expect(c.history.records).toEqual([]);
  });

  it('-f names profiles; a missing one is refused', async () => {
    await copyFile(fixture('alice.cfg'), join(base, 'alice.cfg'));
    await expect(openConfig({ dir: base, profiles: 'alice bob' })).rejects.toMatchObject({
      code: 'not-found',
    });
    const c = await openConfig({ dir: base, profiles: 'alice' });
    expect(c.source).toBe('command-line');
  });
});
