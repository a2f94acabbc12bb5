/**
 * iLBC's frame mode (RFC 3952 section 5) between two of our phones: `ilbc_mode` is offered
 * as `mode=` in fmtp, both sides then use the lower bit rate of offer and answer (30 ms
 * unless both say 20), and the packet duration is one that frames of that mode fill, even
 * when the profile's ptime (20 by default) is not: ptime does not select the mode, and many
 * phones offer `ptime:20` with `mode=30`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { PhoneProfile } from '../../src/index.js';
import { loopbackCall } from './harness/loopback-call.js';

const SPEECH = fileURLToPath(new URL('../../fixtures/media/speech_8k.wav', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'twinkle-ilbc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** RFC 3951: 38 bytes per 20 ms frame, 50 per 30 ms frame. */
const BYTES = { 20: 38, 30: 50 } as const;

async function ilbcCall(tag: string, caller: Partial<PhoneProfile>, callee: Partial<PhoneProfile>) {
  return loopbackCall({
    caller: { codecs: ['ilbc'], ...caller },
    callee: { codecs: ['ilbc'], ...callee },
    callerMic: SPEECH,
    calleeMic: SPEECH,
    callerRecording: join(dir, `${tag}-caller.wav`),
    calleeRecording: join(dir, `${tag}-callee.wav`),
    talkMs: 600,
  });
}

describe('iLBC modes and packet durations', () => {
  it('connects an iLBC-only call at the default ptime 20 in 30 ms mode, sending 30 ms packets', async () => {
    const r = await ilbcCall('default', {}, {});
    expect(r.callerMedia).toMatchObject({ codec: 'iLBC', ptime: 30 });
    expect(r.calleeMedia).toMatchObject({ codec: 'iLBC', ptime: 30 });
    expect([...r.calleeReceivedSizes]).toEqual([BYTES[30]]);
    expect([...r.callerReceivedSizes]).toEqual([BYTES[30]]);
  });

  it('uses 20 ms frames when both profiles say ilbc_mode=20', async () => {
    const r = await ilbcCall('mode20', { ilbcMode: 20 }, { ilbcMode: 20 });
    expect(r.callerMedia).toMatchObject({ codec: 'iLBC', ptime: 20 });
    expect(r.calleeMedia).toMatchObject({ codec: 'iLBC', ptime: 20 });
    expect([...r.calleeReceivedSizes]).toEqual([BYTES[20]]);
    expect([...r.callerReceivedSizes]).toEqual([BYTES[20]]);
  });

  it('falls back to 30 ms frames both ways when only one side asks for 20', async () => {
    for (const [tag, caller, callee] of [
      ['offer20', { ilbcMode: 20 as const }, {}],
      ['answer20', {}, { ilbcMode: 20 as const }],
    ] as const) {
      const r = await ilbcCall(tag, caller, callee);
      expect([...r.calleeReceivedSizes], tag).toEqual([BYTES[30]]);
      expect([...r.callerReceivedSizes], tag).toEqual([BYTES[30]]);
    }
  });

  it('sends several frames of the mode per packet when ptime asks for it (60 ms: two 30 ms frames)', async () => {
    const r = await ilbcCall('ptime60', { ptime: 60 }, { ptime: 60 });
    expect(r.callerMedia).toMatchObject({ ptime: 60 });
    expect([...r.calleeReceivedSizes]).toEqual([2 * BYTES[30]]);
  });

  it('picks the nearest duration the mode fills: 20 ms mode at ptime 30 sends 20 ms packets', async () => {
    const r = await ilbcCall('mode20-ptime30', { ilbcMode: 20, ptime: 30 }, { ilbcMode: 20, ptime: 30 });
    expect(r.callerMedia).toMatchObject({ ptime: 20 });
    expect([...r.calleeReceivedSizes]).toEqual([BYTES[20]]);
  });
});
