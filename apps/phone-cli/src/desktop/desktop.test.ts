import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESKTOP_FILE, desktopEntry, execArgument } from './desktop-entry.js';
import { findOnPath, installUrlHandler } from './install-url-handler.js';
import { destinationFromUrl, isPhoneUrl } from './url.js';

const hasCommand = (name: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const inCi = process.env.CI === 'true';

describe('links', () => {
  it('turn into what the user would type for call', () => {
    expect(destinationFromUrl('sip:bob@example.com')).toBe('sip:bob@example.com');
    expect(destinationFromUrl('SIPS:bob@example.com;transport=tls')).toBe(
      'sips:bob@example.com;transport=tls',
    );
    expect(destinationFromUrl('sip://bob')).toBe('sip:bob');
    expect(destinationFromUrl('sip:bob')).toBe('sip:bob');
    expect(destinationFromUrl('tel:+31%2020%20123%204567')).toBe('tel:+31 20 123 4567');
    expect(destinationFromUrl('callto://bob@example.com/')).toBe('bob@example.com');
    expect(destinationFromUrl('callto:+31201234567;type=phone')).toBe('+31201234567');
    expect(destinationFromUrl('callto:bob')).toBe('bob');
    expect(destinationFromUrl('http://example.com')).toBeUndefined();
    expect(destinationFromUrl('callto:')).toBeUndefined();
    // An escaped line break must not become a second console command.
    expect(destinationFromUrl('callto:bob%0Aquit')).toBeUndefined();
    expect(destinationFromUrl('tel:%E0%A4%A')).toBeUndefined();
    expect(isPhoneUrl('callto:x')).toBe(true);
    expect(isPhoneUrl('bob')).toBe(false);
  });
});

describe('the desktop entry', () => {
  it('quotes Exec arguments by the spec and handles the four schemes', () => {
    expect(execArgument('/usr/bin/node')).toBe('/usr/bin/node');
    expect(execArgument('/opt/my apps/twinkle.js')).toBe('"/opt/my apps/twinkle.js"');
    expect(execArgument('/a/$x"y`z\\w%')).toBe('"/a/\\\\$x\\\\"y\\\\`z\\\\\\\\w%%"');
    const text = desktopEntry(['/usr/bin/node', '/opt/my apps/main.js']);
    expect(text).toContain('Exec=/usr/bin/node "/opt/my apps/main.js" --call %u\n');
    expect(text).toContain(
      'MimeType=x-scheme-handler/sip;x-scheme-handler/sips;x-scheme-handler/tel;x-scheme-handler/callto;\n',
    );
  });

  it.skipIf(!hasCommand('desktop-file-validate') && !inCi)('passes desktop-file-validate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'twinkle-desktop-'));
    try {
      const path = join(dir, DESKTOP_FILE);
      await writeFile(path, desktopEntry(['/usr/bin/node', '/opt/my apps/$main.js']));
      const out = execFileSync('desktop-file-validate', [path], { encoding: 'utf8' });
      expect(out.trim()).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('twinkle --install-url-handler', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'twinkle-home-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('writes the entry into $XDG_DATA_HOME/applications and calls xdg-mime on the PATH', async () => {
    const bin = join(home, 'bin');
    await mkdir(bin);
    const log = join(home, 'xdg-mime.log');
    await writeFile(join(bin, 'xdg-mime'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}'\n`);
    await chmod(join(bin, 'xdg-mime'), 0o755);
    const env = { HOME: home, XDG_DATA_HOME: join(home, 'data'), PATH: bin };
    const r = await installUrlHandler({ env, command: ['/usr/bin/node', '/opt/twinkle/main.js'] });
    expect(r.path).toBe(join(home, 'data', 'applications', DESKTOP_FILE));
    expect(await readFile(r.path, 'utf8')).toContain('Exec=/usr/bin/node /opt/twinkle/main.js --call %u');
    expect((await readFile(log, 'utf8')).split('\n')).toEqual([
      'default',
      DESKTOP_FILE,
      'x-scheme-handler/sip',
      'x-scheme-handler/sips',
      'x-scheme-handler/tel',
      'x-scheme-handler/callto',
      '',
    ]);
  });

  it('without XDG_DATA_HOME uses ~/.local/share; without xdg-mime says so', async () => {
    const r = await installUrlHandler({ env: { HOME: home, PATH: '' }, command: ['/bin/twinkle'] });
    expect(r.path).toBe(join(home, '.local', 'share', 'applications', DESKTOP_FILE));
    expect(r.messages.some((m) => m.includes('xdg-mime not found'))).toBe(true);
    expect(await findOnPath('sh', { PATH: '/usr/bin:/bin' })).toMatch(/\/sh$/);
  });

  it.skipIf(!hasCommand('xdg-mime') && !inCi)(
    'the real xdg-mime then names the entry for each scheme',
    async () => {
      const env = {
        HOME: home,
        XDG_DATA_HOME: join(home, 'data'),
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_DATA_DIRS: join(home, 'data'),
        PATH: process.env.PATH ?? '/usr/bin:/bin',
      };
      await installUrlHandler({ env, command: ['/usr/bin/node', '/opt/twinkle/main.js'] });
      for (const scheme of ['sip', 'sips', 'tel', 'callto']) {
        const out = execFileSync('xdg-mime', ['query', 'default', `x-scheme-handler/${scheme}`], {
          env,
          encoding: 'utf8',
        });
        expect(out.trim()).toBe(DESKTOP_FILE);
      }
      expect(await readFile(join(home, 'config', 'mimeapps.list'), 'utf8')).toContain(
        `x-scheme-handler/sip=${DESKTOP_FILE}`,
      );
    },
  );
});
