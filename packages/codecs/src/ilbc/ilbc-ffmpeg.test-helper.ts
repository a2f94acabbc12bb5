// Test-only helper: runs Debian's ffmpeg on iLBC streams (not part of the package build output).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IlbcMode } from './ilbc-decoder.js';

export const haveFfmpeg = spawnSync('sh', ['-c', 'command -v ffmpeg'], { stdio: 'ignore' }).status === 0;

/** Decodes an iLBC stream with ffmpeg's native decoder (iLBC storage format: `#!iLBC20\n` header). */
export function ffmpegDecodeIlbc(stream: Uint8Array, mode: IlbcMode): Int16Array {
  const dir = mkdtempSync(join(tmpdir(), 'ilbc-'));
  try {
    const input = join(dir, 'in.lbc');
    writeFileSync(input, Buffer.concat([Buffer.from(`#!iLBC${mode}\n`), stream]));
    const res = spawnSync(
      'ffmpeg',
      ['-hide_banner', '-loglevel', 'error', '-f', 'ilbc', '-i', input, '-f', 's16le', '-'],
      {
        maxBuffer: 64 << 20,
      },
    );
    if (res.status !== 0) throw new Error(`ffmpeg failed: ${String(res.stderr)}`);
    const b = res.stdout;
    return new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
