import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findCommand, requirePeer } from './peers.js';

// sipp lives in /usr/bin, never in the sbin directories findCommand adds to PATH.
describe('requirePeer: skip on a developer machine, fail in CI', () => {
  const saved = { PATH: process.env.PATH, CI: process.env.CI };
  const empty = mkdtempSync(join(tmpdir(), 'twinkle-empty-path-'));
  afterEach(() => {
    process.env.PATH = saved.PATH;
    if (saved.CI === undefined) delete process.env.CI;
    else process.env.CI = saved.CI;
  });
  afterEach(() => rmSync(empty, { recursive: true, force: true }), 0);

  it('finds nothing that is not there', () => {
    expect(findCommand('twinkle-no-such-program')).toBeUndefined();
  });

  it('skips without CI when the program is missing', () => {
    process.env.PATH = empty;
    delete process.env.CI;
    const r = requirePeer('sipp');
    expect(r.missing).toEqual(['sipp']);
    expect(r.skip).toBe(true);
  });

  it('does not skip with CI=true and fails naming the Debian package', () => {
    process.env.PATH = empty;
    process.env.CI = 'true';
    const r = requirePeer('sipp');
    expect(r.skip).toBe(false);
    expect(() => r.assert()).toThrow(/sip-tester/);
  });
});
