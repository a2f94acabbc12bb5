/**
 * Encodes the 1 s excerpts with OUR Speex encoder into fixtures/speex/ours-*.spxp,
 * then has libspeex decode them (ours-*.libspeex.raw) with the harness spx-ref.
 * Run from packages/codecs after make-fixtures.sh:
 *   gcc -O2 -o /tmp/spx-ref test-helpers/speex/spx-ref.c -lspeex
 *   SPX_REF=/tmp/spx-ref pnpm exec tsx test-helpers/speex/make-ours.ts
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { SpeexEncoder, type SpeexEncoderOptions } from '../../src/speex/speex-encoder.js';

const F = 'fixtures/speex';
const ref = process.env.SPX_REF ?? '/tmp/spx-ref';
const inputs = { nb: 'speech_8k_1s.raw', wb: 'speech_16k_1s.raw', uwb: 'speech_32k_1s.raw' } as const;

/** Our encoder with libspeex's default complexity (2), to compare with the libspeex streams. */
export const OURS: Record<string, SpeexEncoderOptions> = {
  'nb-q3': { band: 'nb', quality: 3, complexity: 2 },
  'nb-q8': { band: 'nb', quality: 8, complexity: 2 },
  'wb-q8': { band: 'wb', quality: 8, complexity: 2 },
  'uwb-q8': { band: 'uwb', quality: 8, complexity: 2 },
  'nb-vbr-dtx': { band: 'nb', quality: 4, complexity: 2, vbr: true, dtx: true },
};

for (const [name, opts] of Object.entries(OURS)) {
  const band = opts.band ?? 'nb';
  const raw = readFileSync(`${F}/${inputs[band]}`);
  const pcm = new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength >> 1);
  const enc = new SpeexEncoder(opts);
  const parts: number[] = [];
  for (let i = 0; i + enc.frameSamples <= pcm.length; i += enc.frameSamples) {
    const p = enc.encode(pcm.slice(i, i + enc.frameSamples));
    parts.push(p.length & 255, p.length >> 8, ...p);
  }
  writeFileSync(`${F}/ours-${name}.spxp`, Uint8Array.from(parts));
  execFileSync(ref, ['dec', band, 'enh', `${F}/ours-${name}.spxp`, `${F}/ours-${name}.libspeex.raw`]);
}
