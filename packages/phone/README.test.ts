// The README's example, run as a test in a temporary config directory.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFirstRunProfile,
  formatDiagnostic,
  listProfiles,
  profileAor,
  readProfile,
  resolveConfigDir,
  writeProfile,
} from '@twinkle/phone';
import { describe, expect, it } from 'vitest';

describe('README example', () => {
  it('first run, read, change one key', async () => {
    const base = await mkdtemp(join(tmpdir(), 'twinkle-readme-'));
    try {
      const configDirOption = join(base, '.twinkle');
      const dir = resolveConfigDir(configDirOption);
      await createFirstRunProfile(dir);
      const names = await listProfiles(dir);
      expect(names.length).toBe(1);
      for (const name of names) {
        const { profile, document, diagnostics } = await readProfile(dir, name);
        expect(diagnostics.map(formatDiagnostic)).toEqual([]);
        expect(profileAor(profile)).toMatch(/^sip:.+@.+$/);
        const before = await readFile(join(dir, `${name}.cfg`), 'utf8');
        await writeProfile(dir, name, { ...profile, ptime: 30 }, document);
        const after = await readFile(join(dir, `${name}.cfg`), 'utf8');
        expect(after).toBe(before.replace('\nptime=20\n', '\nptime=30\n'));
      }
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
