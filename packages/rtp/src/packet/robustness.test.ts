import { describe, expect, it } from 'vitest';
import { parseRtcp } from '../rtcp/rtcp-parse.js';
import { SrtpContext } from '../srtp/srtp-context.js';
import { parseExtensionElements } from './header-extension.js';
import { decodeRtp } from './rtp-packet.js';

/** A small deterministic PRNG (xorshift32) so failures reproduce. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** Random datagrams biased towards plausible headers (version 2, RTCP types), so parsers go deep. */
function* datagrams(count: number, seed: number): Generator<Uint8Array> {
  const next = prng(seed);
  for (let n = 0; n < count; n++) {
    const len = next() % 120;
    const b = new Uint8Array(len);
    for (let i = 0; i < len; i++) b[i] = next() & 0xff;
    if (len > 0 && next() % 4 !== 0) b[0] = (b[0]! & 0x3f) | 0x80;
    if (len > 1 && next() % 2 === 0) b[1] = 200 + (next() % 5);
    if (len > 3 && next() % 2 === 0) b[2] = 0;
    yield b;
  }
}

describe('parsers on hostile input', () => {
  it('never throw, and every view they return lies inside the input', () => {
    let accepted = 0;
    for (const b of datagrams(20_000, 0xc0ffee)) {
      const rtp = decodeRtp(b);
      if (rtp.ok) {
        accepted++;
        const p = rtp.value.payload;
        expect(p.byteOffset + p.length).toBeLessThanOrEqual(b.byteOffset + b.length);
        if (rtp.value.extension) parseExtensionElements(rtp.value.extension);
      }
      const rtcp = parseRtcp(b, { requireReportFirst: false });
      if (rtcp.ok) accepted++;
    }
    // The generator is biased enough that both parsers accept some inputs.
    expect(accepted).toBeGreaterThan(100);
  });

  it('SRTP and SRTCP unprotect refuse garbage without throwing or touching it', () => {
    const rx = new SrtpContext({
      profile: 'AES_CM_128_HMAC_SHA1_80',
      masterKey: new Uint8Array(16),
      masterSalt: new Uint8Array(14),
    });
    for (const b of datagrams(5_000, 42)) {
      const copy = Uint8Array.from(b);
      expect(rx.unprotectRtp(b).ok).toBe(false);
      expect(rx.unprotectRtcp(b).ok).toBe(false);
      expect(Buffer.from(b).equals(Buffer.from(copy))).toBe(true);
    }
  });
});
