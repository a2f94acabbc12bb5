import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Libc {
  dup(fd: number): number;
  dup2(from: number, to: number): number;
  close(fd: number): number;
}

let libc: Libc | null | undefined;

function loadLibc(): Libc | null {
  if (libc !== undefined) return libc;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const lib = koffi.load('libc.so.6');
    libc = {
      dup: lib.func('int dup(int fd)'),
      dup2: lib.func('int dup2(int from, int to)'),
      close: lib.func('int close(int fd)'),
    };
  } catch {
    libc = null;
  }
  return libc;
}

/**
 * Runs `fn` (a short synchronous libasound call) with file descriptor 2 pointed at a
 * scratch file, and returns what it wrote there. libasound reports why an open failed
 * ("Unknown PCM pulse", "Cannot get card index for 7") only on stderr; caught here, the
 * words go into the one fallback message instead of stray lines on the user's console.
 * Without libc (other platforms) `fn` runs as is and the text is empty.
 */
export function captureStderr<T>(fn: () => T): { value: T; text: string } {
  const c = loadLibc();
  if (!c) return { value: fn(), text: '' };
  // One scratch file per call, removed at once: nothing is left behind in tmp.
  const scratch = join(tmpdir(), `twinkle-alsa-stderr-${process.pid}`);
  const file = openSync(scratch, 'w+', 0o600);
  const saved = c.dup(2);
  if (saved < 0) {
    closeSync(file);
    rmSync(scratch, { force: true });
    return { value: fn(), text: '' };
  }
  let value: T;
  try {
    c.dup2(file, 2);
    value = fn();
  } finally {
    c.dup2(saved, 2);
    c.close(saved);
    closeSync(file);
  }
  const text = readFileSync(scratch, 'utf8');
  rmSync(scratch, { force: true });
  return { value, text };
}

/**
 * The one line of an ALSA error chain that says what is wrong. libasound reports a failed
 * `default` as a cascade ("cannot find card '0'", then "function snd_func_card_inum returned
 * error", "error evaluating strings", ..., "Unknown PCM default"): the first line that is not
 * configuration-evaluation plumbing is the cause. Undefined for no lines.
 */
export function tellingAlsaMessage(lines: readonly string[]): string | undefined {
  const plumbing = /^(function \S+ returned error|error evaluating |evaluate error|parse error)/i;
  return lines.find((l) => !plumbing.test(l)) ?? lines[0];
}

/** ALSA's lines ("ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM x") without the source location. */
export function alsaMessages(text: string): string[] {
  return text
    .replace(/[\0-\x09\x0b-\x1f]/g, '') // another thread's stray bytes in the window
    .split('\n')
    .map((l) => l.replace(/^ALSA lib [^ ]*:\d+:\([^)]*\) /, '').trim())
    .filter((l) => l !== '');
}
