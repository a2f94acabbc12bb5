import { describe, expect, it } from 'vitest';
import { encodeRtp } from '../packet/rtp-encode.js';
import type { SrtpProfileName } from './profiles.js';
import { ReplayWindow } from './replay-window.js';
import { SrtpContext } from './srtp-context.js';

const key = (n: number, len: number) => Uint8Array.from({ length: len }, (_, i) => (i * 7 + n) & 0xff);

function pair(profile: SrtpProfileName, replayWindow?: number) {
  const klen = profile.startsWith('AES_256') ? 32 : 16;
  const opts = { profile, masterKey: key(1, klen), masterSalt: key(2, 14), replayWindow };
  return { tx: new SrtpContext(opts), rx: new SrtpContext(opts) };
}

const rtp = (seq: number, payload = new Uint8Array(160).fill(seq & 0xff)) =>
  encodeRtp({
    payloadType: 0,
    sequenceNumber: seq & 0xffff,
    timestamp: seq * 160,
    ssrc: 0x11223344,
    payload,
  });

describe('SrtpContext round trip', () => {
  it.each<SrtpProfileName>([
    'AES_CM_128_HMAC_SHA1_80',
    'AES_CM_128_HMAC_SHA1_32',
    'AES_256_CM_HMAC_SHA1_80',
    'AES_256_CM_HMAC_SHA1_32',
  ])('%s survives a sequence-number wrap and tracks the ROC', (profile) => {
    const { tx, rx } = pair(profile);
    for (let s = 65530; s < 65545; s++) {
      const plain = rtp(s);
      const wire = tx.protectRtp(plain);
      expect(wire.length).toBe(plain.length + tx.rtpOverhead);
      // The payload is actually encrypted.
      expect(Buffer.from(wire.subarray(12, 172)).equals(Buffer.from(plain.subarray(12)))).toBe(false);
      const back = rx.unprotectRtp(wire);
      expect(back.ok).toBe(true);
      if (back.ok) expect(Buffer.from(back.value).equals(Buffer.from(plain))).toBe(true);
    }
    expect(tx.rolloverCounter(0x11223344, 'send')).toBe(1);
    expect(rx.rolloverCounter(0x11223344, 'receive')).toBe(1);
  });

  it('keeps sender and receiver ROC in step over several wraps', () => {
    const { tx, rx } = pair('AES_CM_128_HMAC_SHA1_80');
    for (let i = 0; i <= 3 * 65536 + 2000; i += 997) {
      const r = rx.unprotectRtp(tx.protectRtp(rtp(i)));
      expect(r.ok).toBe(true);
    }
    expect(tx.rolloverCounter(0x11223344, 'send')).toBe(3);
    expect(rx.rolloverCounter(0x11223344, 'receive')).toBe(3);
  });

  it('decrypts a late packet from before the wrap with the previous ROC', () => {
    const { tx, rx } = pair('AES_CM_128_HMAC_SHA1_80');
    const late = tx.protectRtp(rtp(65535));
    for (const s of [65534, 0, 1]) {
      const w = s === 65534 ? tx.protectRtp(rtp(s)) : tx.protectRtp(rtp(s));
      expect(rx.unprotectRtp(w).ok).toBe(true);
    }
    const r = rx.unprotectRtp(late);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value[12]).toBe(0xff);
  });

  it('protects in place when the caller buffer has room for the tag', () => {
    const { tx, rx } = pair('AES_CM_128_HMAC_SHA1_80');
    const buf = new Uint8Array(200);
    const view = encodeRtp(
      { payloadType: 8, sequenceNumber: 5, timestamp: 0, ssrc: 9, payload: new Uint8Array(20) },
      buf,
    );
    const wire = tx.protectRtp(view, buf);
    expect(wire.buffer).toBe(buf.buffer);
    expect(rx.unprotectRtp(Uint8Array.from(wire)).ok).toBe(true);
  });
});

describe('SrtpContext refusals', () => {
  it('rejects a replayed packet', () => {
    const { tx, rx } = pair('AES_CM_128_HMAC_SHA1_80');
    const wire = tx.protectRtp(rtp(10));
    const copy = Uint8Array.from(wire);
    expect(rx.unprotectRtp(wire).ok).toBe(true);
    const again = rx.unprotectRtp(copy);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('replayed');
  });

  it('rejects a packet older than the replay window', () => {
    const { tx, rx } = pair('AES_CM_128_HMAC_SHA1_80', 64);
    const old = tx.protectRtp(rtp(100));
    expect(rx.unprotectRtp(tx.protectRtp(rtp(99))).ok).toBe(true);
    expect(rx.unprotectRtp(tx.protectRtp(rtp(200))).ok).toBe(true);
    const r = rx.unprotectRtp(old);
    expect(!r.ok && r.error.code).toBe('too-old');
  });

  it('fails authentication on any flipped bit and leaves the input untouched', () => {
    const { tx, rx } = pair('AES_CM_128_HMAC_SHA1_32');
    const wire = tx.protectRtp(rtp(1));
    for (const bit of [0 * 8 + 1, 3 * 8, 20 * 8 + 5, (wire.length - 1) * 8 + 7]) {
      const bad = Uint8Array.from(wire);
      bad[bit >> 3]! ^= 1 << (bit & 7);
      const before = Uint8Array.from(bad);
      const r = rx.unprotectRtp(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['auth-failed', 'malformed']).toContain(r.error.code);
      expect(Buffer.from(bad).equals(Buffer.from(before))).toBe(true);
    }
    // The untouched packet still passes: failures did not poison the stream state.
    expect(rx.unprotectRtp(wire).ok).toBe(true);
  });

  it('refuses packets under another master key', () => {
    const { tx } = pair('AES_CM_128_HMAC_SHA1_80');
    const other = new SrtpContext({
      profile: 'AES_CM_128_HMAC_SHA1_80',
      masterKey: key(9, 16),
      masterSalt: key(2, 14),
    });
    const r = other.unprotectRtp(tx.protectRtp(rtp(3)));
    expect(!r.ok && r.error.code).toBe('auth-failed');
  });
});

describe('SRTCP', () => {
  const rr = Uint8Array.from(Buffer.from('80c90001deadbeef', 'hex'));

  it('round-trips, sets the E flag, increments the index and rejects replays and tampering', () => {
    const { tx, rx } = pair('AES_CM_128_HMAC_SHA1_32');
    const a = tx.protectRtcp(rr);
    const b = tx.protectRtcp(rr);
    expect(a.length).toBe(rr.length + 4 + 10);
    expect([...a.subarray(8, 12)]).toEqual([0x80, 0, 0, 0]);
    expect([...b.subarray(8, 12)]).toEqual([0x80, 0, 0, 1]);
    const tampered = Uint8Array.from(b);
    tampered[9]! ^= 0x01;
    expect(rx.unprotectRtcp(tampered).ok).toBe(false);
    const bCopy = Uint8Array.from(b);
    const rb = rx.unprotectRtcp(b);
    expect(rb.ok && Buffer.from(rb.value).equals(Buffer.from(rr))).toBe(true);
    expect(rx.unprotectRtcp(a).ok).toBe(true);
    const replay = rx.unprotectRtcp(bCopy);
    expect(!replay.ok && replay.error.code).toBe('replayed');
  });
});

describe('MKI', () => {
  const base = { profile: 'AES_CM_128_HMAC_SHA1_80' as const, masterKey: key(1, 16), masterSalt: key(2, 14) };
  const mki = Uint8Array.from([0, 0, 0, 7]);

  it('carries the MKI between payload and tag, outside the authenticated part, on SRTP and SRTCP', () => {
    const tx = new SrtpContext({ ...base, mki });
    const rx = new SrtpContext({ ...base, mki });
    const plain = rtp(5);
    const wire = tx.protectRtp(plain);
    expect(wire.length).toBe(plain.length + 4 + 10);
    expect([...wire.subarray(plain.length, plain.length + 4)]).toEqual([0, 0, 0, 7]);
    // Same tag as without an MKI: the MKI is not authenticated.
    const noMki = new SrtpContext(base).protectRtp(plain);
    expect(
      Buffer.from(wire.subarray(plain.length + 4)).equals(Buffer.from(noMki.subarray(plain.length))),
    ).toBe(true);
    const back = rx.unprotectRtp(wire);
    expect(back.ok && Buffer.from(back.value).equals(Buffer.from(plain))).toBe(true);

    const rr = Uint8Array.from(Buffer.from('80c90001deadbeef', 'hex'));
    const srtcp = tx.protectRtcp(rr);
    expect(srtcp.length).toBe(rr.length + tx.rtcpOverhead);
    expect([...srtcp.subarray(12, 16)]).toEqual([0, 0, 0, 7]);
    const rb = rx.unprotectRtcp(srtcp);
    expect(rb.ok && Buffer.from(rb.value).equals(Buffer.from(rr))).toBe(true);
  });

  it('refuses a packet with another MKI', () => {
    const tx = new SrtpContext({ ...base, mki: Uint8Array.from([0, 0, 0, 8]) });
    const rx = new SrtpContext({ ...base, mki });
    const r = rx.unprotectRtp(tx.protectRtp(rtp(1)));
    expect(!r.ok && r.error.code).toBe('unknown-mki');
    const c = rx.unprotectRtcp(tx.protectRtcp(Uint8Array.from(Buffer.from('80c90001deadbeef', 'hex'))));
    expect(!c.ok && c.error.code).toBe('unknown-mki');
  });
});

describe('ReplayWindow', () => {
  it('tracks a window larger than 32 and shifts across words', () => {
    const w = new ReplayWindow(128);
    w.accept(1000);
    w.accept(990);
    expect(w.check(990)).toBe('replayed');
    expect(w.check(991)).toBe('new');
    w.accept(1050);
    expect(w.check(990)).toBe('replayed');
    expect(w.check(1000)).toBe('replayed');
    expect(w.check(995)).toBe('new');
    w.accept(1150);
    expect(w.check(1050)).toBe('replayed');
    expect(w.check(1000)).toBe('too-old');
    expect(w.check(1151)).toBe('new');
  });
});
