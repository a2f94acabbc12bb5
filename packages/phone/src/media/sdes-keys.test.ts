import { VirtualClock } from '@twinkle/audio-alsa';
import { pcmu } from '@twinkle/codecs';
import type { CryptoAttribute } from '@twinkle/sdp';
import { afterEach, describe, expect, it } from 'vitest';
import { mediaCodec } from './media-codec.js';
import { MediaSession } from './media-session.js';
import { MemorySink, negotiate, rms, runMedia } from './media-test-support.js';
import { srtpKeysFromSdes } from './sdes-keys.js';

const line = (keyParams: string, suite = 'AES_CM_128_HMAC_SHA1_80'): CryptoAttribute => ({
  tag: 1,
  suite,
  keyParams,
  sessionParams: [],
});
// 30 octets of key and salt (RFC 4568 section 9.1 example key)
const KEY_A = 'inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR';
const KEY_B = 'inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4';

const sessions: MediaSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

describe('srtpKeysFromSdes', () => {
  it('sends under our key and receives under the remote one, with lifetime and MKI', () => {
    const r = srtpKeysFromSdes(line(KEY_A), line(KEY_B));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.keys.send.masterKey).toHaveLength(16);
    expect(r.keys.send.masterSalt).toHaveLength(14);
    expect(r.keys.send.mki).toBeUndefined();
    expect(Array.from(r.keys.receive.mki ?? [])).toEqual([0, 0, 0, 1]);
  });

  it('gives reasons for bad lines instead of throwing', () => {
    expect(srtpKeysFromSdes(line(KEY_A), line(KEY_A, 'F8_128_HMAC_SHA1_80'))).toEqual({
      ok: false,
      reason: 'remote crypto line: unsupported suite F8_128_HMAC_SHA1_80',
    });
    expect(srtpKeysFromSdes(line(KEY_A), line('inline:AAAA'))).toMatchObject({ ok: false });
    expect(srtpKeysFromSdes(line('inline:*&^'), line(KEY_A))).toMatchObject({ ok: false });
    expect(srtpKeysFromSdes(line(KEY_A), line(`${KEY_A}|1:0`))).toMatchObject({ ok: false });
  });

  it('keys from SDES carry audio between two media sessions', async () => {
    const clock = new VirtualClock();
    const a = await MediaSession.open({ address: '127.0.0.1', port: 0, clock, microphone: 'tone:440' });
    const heard = new MemorySink(clock);
    const b = await MediaSession.open({ address: '127.0.0.1', port: 0, clock, speaker: heard });
    sessions.push(a, b);
    const ka = srtpKeysFromSdes(line(KEY_A), line(KEY_B));
    const kb = srtpKeysFromSdes(line(KEY_B), line(KEY_A));
    if (!ka.ok || !kb.ok) throw new Error('keys');
    a.setSrtp(ka.keys);
    b.setSrtp(kb.keys);
    const n = negotiate({ media: a, codecs: [mediaCodec(pcmu)] }, { media: b, codecs: [mediaCodec(pcmu)] });
    await a.start(n.a);
    await b.start(n.b);
    await runMedia(clock, 300, a, b);
    expect(rms(heard.frames.at(-1)!)).toBeGreaterThan(1000);
    expect(b.packetsDropped).toBe(0);
  });
});
