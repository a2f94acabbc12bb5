/**
 * End to end on loopback (issue 8): two of our phones call each other, a WAV file as each
 * microphone, each recording what it hears; the recording matches what the other side sent,
 * by aligned correlation (and SNR for G.711), for each codec of the profile's `codecs=`.
 * The two sides say different things (the speech, and the speech backwards), so a side that
 * heard itself, or nothing, fails. Media runs on virtual time (see loopback-call.ts), so the
 * recordings are also compared with the codec's own encode/decode of what was said: apart
 * from the segments where the adaptive jitter buffer shrinks its delay, they are that,
 * sample for sample.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeWav } from '@twinkle/audio-alsa';
import { createDefaultRegistry } from '@twinkle/codecs';
import { afterAll, describe, expect, it } from 'vitest';
import { codecIdentity, type TwinkleCodecName } from '../../src/index.js';
import { codecRoundTrip } from '../../src/media/media-test-support.js';
import { readWav } from '../interop/harness/audio-match.js';
import { type AlignedMatch, alignedMatch, correlationAt } from './harness/aligned-match.js';
import { loopbackCall } from './harness/loopback-call.js';

const SPEECH = fileURLToPath(new URL('../../fixtures/media/speech_8k.wav', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'twinkle-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const speech = readWav(SPEECH)!.samples;
// The callee says the speech backwards: as speech-like for a codec, and nothing like the caller.
const backwards = speech.slice().reverse();
const BACKWARDS = join(dir, 'backwards.wav');
writeFileSync(BACKWARDS, encodeWav(8000, 1, backwards));

const TALK_MS = 2500;
const registry = createDefaultRegistry();

interface Case {
  /** The profile's codec name (Twinkle's `codecs=`). */
  readonly codec: TwinkleCodecName;
  /** The encoding the `media` event names. */
  readonly encoding: string;
  /** Floor of the median segment correlation. */
  readonly corr: number;
  /** Floor of the median segment SNR, dB (G.711 only: the others do not keep the waveform that closely). */
  readonly snr?: number;
  readonly ilbcMode?: 20 | 30;
  /** The packet duration used, when not the profile's ptime (20). */
  readonly packetMs?: number;
}

const cases: Case[] = [
  { codec: 'g711u', encoding: 'PCMU', corr: 0.999, snr: 30 },
  { codec: 'g711a', encoding: 'PCMA', corr: 0.999, snr: 30 },
  { codec: 'g726-16', encoding: 'G726-16', corr: 0.9 },
  { codec: 'g726-24', encoding: 'G726-24', corr: 0.95 },
  { codec: 'g726-32', encoding: 'G726-32', corr: 0.98 },
  { codec: 'g726-40', encoding: 'G726-40', corr: 0.99 },
  { codec: 'gsm', encoding: 'GSM', corr: 0.9 },
  { codec: 'speex-nb', encoding: 'speex', corr: 0.6 },
  // the default ptime 20 with iLBC's default 30 ms mode: 30 ms packets (RFC 3952 section 5)
  { codec: 'ilbc', encoding: 'iLBC', corr: 0.7, packetMs: 30 },
  { codec: 'ilbc', encoding: 'iLBC', corr: 0.7, ilbcMode: 20 },
];

interface Heard {
  /** Against what the far end said. */
  readonly source: AlignedMatch;
  /** Against the codec's own encode/decode of what the far end said. */
  readonly roundTrip: AlignedMatch;
}

const recordings = new Map<string, { caller: Heard; callee: Heard; crossed: number }>();

function heard(c: Case, said: Int16Array, recording: Int16Array): Heard {
  const id = codecIdentity(c.codec)!;
  const factory = registry.get(id.encoding, id.clockRate)!;
  const roundTrip = codecRoundTrip(factory, said.subarray(0, (TALK_MS / 1000) * 8000), c.packetMs ?? 20);
  return { source: alignedMatch(said, recording), roundTrip: alignedMatch(roundTrip, recording) };
}

/** Correlation of a recording with what its own side said, at the best delay: near 0 when no crosstalk. */
function crossCorrelation(own: Int16Array, heard: Int16Array): number {
  let best = 0;
  for (let lag = 0; lag <= 4000; lag += 4) best = Math.max(best, correlationAt(own, 0, heard, lag, 8000));
  return best;
}

describe('calls between two phones on 127.0.0.1, WAV microphones, recorded speakers', () => {
  it('connects every codec and carries audio both ways', async () => {
    const results = await Promise.all(
      cases.map(async (c) => {
        const tag = `${c.codec}${c.ilbcMode ? `-mode${c.ilbcMode}` : ''}`;
        const profile = { codecs: [c.codec], ...(c.ilbcMode ? { ilbcMode: c.ilbcMode } : {}) };
        const files = { caller: join(dir, `${tag}-caller.wav`), callee: join(dir, `${tag}-callee.wav`) };
        const call = await loopbackCall({
          caller: profile,
          callee: profile,
          callerMic: SPEECH,
          calleeMic: BACKWARDS,
          callerRecording: files.caller,
          calleeRecording: files.callee,
          talkMs: TALK_MS,
        });
        return { c, tag, call, files };
      }),
    );
    for (const { c, tag, call, files } of results) {
      expect(call.callerMedia, tag).toMatchObject({ codec: c.encoding, ptime: c.packetMs ?? 20 });
      expect(call.calleeMedia, tag).toMatchObject({ codec: c.encoding, ptime: c.packetMs ?? 20 });
      const heardByCaller = readWav(files.caller)!.samples;
      const heardByCallee = readWav(files.callee)!.samples;
      expect(heardByCallee.length, tag).toBeGreaterThanOrEqual((TALK_MS - 100) * 8);
      recordings.set(tag, {
        callee: heard(c, speech, heardByCallee),
        caller: heard(c, backwards, heardByCaller),
        crossed: Math.max(
          crossCorrelation(backwards, heardByCallee),
          crossCorrelation(speech, heardByCaller),
        ),
      });
    }
    // Ten calls of real codec work at once: about 7 s on an idle 2-core machine, several
    // times that when other test files share the cores; media time is virtual, so this
    // bound is about CPU only.
  }, 120_000);

  for (const c of cases) {
    const tag = `${c.codec}${c.ilbcMode ? `-mode${c.ilbcMode}` : ''}`;
    it(`${tag}: each recording matches what the far end said`, () => {
      const r = recordings.get(tag);
      expect(r, 'the call did not complete').toBeDefined();
      for (const side of ['caller', 'callee'] as const) {
        const { source: m, roundTrip } = r![side];
        const summary = `${tag} ${side}: delay ${m.delay}, median corr ${m.medianCorrelation.toFixed(4)}, SNR ${m.medianSnrDb.toFixed(1)} dB over ${m.segments.length} segments; against the codec round trip SNR ${roundTrip.medianSnrDb.toFixed(1)} dB`;
        console.log(summary);
        // the talk minus the pauses and the longest delay searched: at least a second of segments
        expect(m.segments.length, summary).toBeGreaterThanOrEqual(10);
        expect(m.medianCorrelation, summary).toBeGreaterThanOrEqual(c.corr);
        if (c.snr !== undefined) expect(m.medianSnrDb, summary).toBeGreaterThanOrEqual(c.snr);
        // sample-exact in most segments (an SNR of 99 dB means no difference at all)
        expect(roundTrip.medianSnrDb, summary).toBeGreaterThanOrEqual(60);
      }
      // what a side said does not come back to it
      expect(r!.crossed, `${tag} crosstalk`).toBeLessThan(0.3);
    });
  }
});
