import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary HOME whose `.asoundrc` defines file-plugin PCMs: no sound card needed. */
export interface AlsaTestEnv {
  readonly home: string;
  /** Raw S16LE file the capture PCM `twinkle_cap` reads (`infile`). */
  readonly inFile: string;
  /** Raw file the playback PCM `twinkle_play` writes. */
  readonly outFile: string;
  readonly env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/**
 * Writes the `.asoundrc`. ALSA's `file` plugin over the `null` PCM: capture returns
 * `infile`'s bytes, playback appends to `file`. Neither is paced by a clock.
 */
export function makeAlsaTestEnv(inSamples: Int16Array): AlsaTestEnv {
  const home = mkdtempSync(join(tmpdir(), 'twinkle-alsa-'));
  mkdirSync(home, { recursive: true });
  const inFile = join(home, 'in.raw');
  const outFile = join(home, 'out.raw');
  writeFileSync(inFile, new Uint8Array(inSamples.buffer, inSamples.byteOffset, inSamples.byteLength));
  writeFileSync(
    join(home, '.asoundrc'),
    [
      'pcm.twinkle_cap {',
      '  type file',
      '  slave.pcm "null"',
      `  file "${join(home, 'cap-copy.raw')}"`,
      `  infile "${inFile}"`,
      '  format "raw"',
      '  hint { show on description "Twinkle test capture" }',
      '}',
      'pcm.twinkle_play {',
      '  type file',
      '  slave.pcm "null"',
      `  file "${outFile}"`,
      '  format "raw"',
      '  hint { show on description "Twinkle test playback" }',
      '}',
      '',
    ].join('\n'),
  );
  return {
    home,
    inFile,
    outFile,
    env: { ...process.env, HOME: home },
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** A ramp 0, 1, 2, ... wrapping at 32768: every sample says where it belongs. */
export function ramp(n: number, start = 0): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => (start + i) % 32768);
}

/** Waits until `cond()` or `ms` pass; returns whether it became true. */
export async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}
