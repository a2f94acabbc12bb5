import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatAudioDevice, parseAudioDevice } from './audio-device.js';
import {
  chooseStartupProfiles,
  expandConfigPath,
  parseProfileList,
  readProfiles,
} from './startup-profiles.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinkle-start-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('startup profiles', () => {
  it('-f takes several names in one word', () => {
    expect(parseProfileList('alice  work.cfg ')).toEqual(['alice', 'work']);
  });

  it('chooses -f, else start_user_profile, else the only profile', async () => {
    await writeFile(join(dir, 'alice.cfg'), 'user_name=alice\nuser_domain=a.test\n');
    expect(await chooseStartupProfiles(dir, { startUserProfile: [] })).toEqual({
      names: ['alice'],
      source: 'only-profile',
    });
    await writeFile(join(dir, 'work.cfg'), 'user_name=4711\nuser_domain=pbx.test\n');
    expect(await chooseStartupProfiles(dir, { startUserProfile: [] })).toEqual({ names: [], source: 'none' });
    expect(await chooseStartupProfiles(dir, { startUserProfile: ['work', 'gone'] })).toEqual({
      names: ['work'],
      source: 'start_user_profile',
    });
    expect(await chooseStartupProfiles(dir, { startUserProfile: ['work'] }, 'alice work')).toEqual({
      names: ['alice', 'work'],
      source: 'command-line',
    });
    const both = await readProfiles(dir, ['alice', 'work']);
    expect(both.map((p) => p.profile.userName)).toEqual(['alice', '4711']);
  });

  it('refuses a missing profile and two profiles with one address', async () => {
    await writeFile(join(dir, 'a.cfg'), 'user_name=x\nuser_domain=d\n');
    await writeFile(join(dir, 'b.cfg'), 'user_name=x\nuser_domain=d\n');
    await expect(readProfiles(dir, ['a', 'c'])).rejects.toMatchObject({ code: 'not-found' });
    await expect(readProfiles(dir, ['a', 'b'])).rejects.toMatchObject({ code: 'bad-value' });
  });

  it('expands relative file settings into the config directory', () => {
    expect(expandConfigPath('/home/a/.twinkle', 'ring.wav')).toBe('/home/a/.twinkle/ring.wav');
    expect(expandConfigPath('/home/a/.twinkle', '/usr/share/ring.wav')).toBe('/usr/share/ring.wav');
  });
});

describe('audio devices', () => {
  it('reads Twinkle devices and ours, and writes them back', () => {
    const cases: [string, unknown][] = [
      ['alsa:default', { kind: 'alsa', name: 'default' }],
      ['alsa:plughw:1,0', { kind: 'alsa', name: 'plughw:1,0' }],
      ['oss:/dev/dsp', { kind: 'oss', path: '/dev/dsp' }],
      ['file:/tmp/mic.wav', { kind: 'file', path: '/tmp/mic.wav' }],
      ['record:out.wav', { kind: 'record', path: 'out.wav' }],
      ['tone:440', { kind: 'tone', hz: 440 }],
      ['null', { kind: 'null' }],
    ];
    for (const [text, device] of cases) {
      const r = parseAudioDevice(text);
      expect(r).toEqual({ ok: true, device });
      if (r.ok) expect(formatAudioDevice(r.device)).toBe(text);
    }
    expect(parseAudioDevice('/dev/dsp1')).toEqual({ ok: true, device: { kind: 'oss', path: '/dev/dsp1' } });
    expect(parseAudioDevice('')).toEqual({ ok: true, device: { kind: 'alsa', name: 'default' } });
    expect(parseAudioDevice('tone:abc').ok).toBe(false);
    expect(parseAudioDevice('pulse:x').ok).toBe(false);
    expect(parseAudioDevice('file:').ok).toBe(false);
  });
});
