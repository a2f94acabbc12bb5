import { describe, expect, it } from 'vitest';
import type { CodecCapability } from './codec.js';
import { parseSdp } from './parse.js';
import { SdpSession, type SdpSessionOptions } from './session.js';

/** A deterministic generator (mulberry32): the same sequence every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const POOL: readonly CodecCapability[] = [
  { encoding: 'PCMU', clockRate: 8000 },
  { encoding: 'PCMA', clockRate: 8000 },
  { encoding: 'GSM', clockRate: 8000 },
  { encoding: 'G722', clockRate: 8000 },
  { encoding: 'speex', clockRate: 8000 },
  { encoding: 'speex', clockRate: 16000 },
  { encoding: 'iLBC', clockRate: 8000, fmtp: 'mode=30' },
  { encoding: 'G726-32', clockRate: 8000 },
  { encoding: 'L16', clockRate: 44100, channels: 2 },
];

function randomSide(rnd: (n: number) => number, id: string): SdpSessionOptions {
  const codecs: CodecCapability[] = [];
  for (const c of POOL) {
    if (rnd(2) === 0) continue;
    // Same codec, but a private copy with maybe its own dynamic number.
    codecs.splice(rnd(codecs.length + 1), 0, rnd(4) === 0 ? { ...c, payloadType: 96 + rnd(32) } : { ...c });
  }
  return {
    address: rnd(2) === 0 ? `192.0.2.${1 + rnd(200)}` : `2001:db8::${1 + rnd(200)}`,
    port: 2 * (5000 + rnd(20000)),
    sessionId: id,
    codecs,
    telephoneEvent:
      rnd(4) === 0
        ? false
        : { payloadType: 96 + rnd(32), events: ['0-15', '0-11', '0-16,32', '16'][rnd(4)]! },
    preference: rnd(2) === 0 ? 'local' : 'remote',
    answerPayloadTypes: rnd(2) === 0 ? 'offer' : 'local',
    holdVariant: rnd(2) === 0 ? 'rfc3264' : 'rfc2543',
    rtcpMux: rnd(2) === 0,
  };
}

const same = (a: { encoding: string; clockRate: number }, b: { encoding: string; clockRate: number }) =>
  a.encoding.toLowerCase() === b.encoding.toLowerCase() && a.clockRate === b.clockRate;

describe('negotiation invariants over random pairs of phones', () => {
  it('agrees on payload types per direction, directions and versions in 400 calls', () => {
    const rnd = prng(20260411);
    let checked = 0;
    for (let call = 0; call < 400; call++) {
      const alice = new SdpSession(randomSide(rnd, '1'));
      const bob = new SdpSession(randomSide(rnd, '2'));
      const versions = new Map<SdpSession, bigint>();
      for (let step = 0; step < 4; step++) {
        const [offerer, answerer] = rnd(2) === 0 ? [alice, bob] : [bob, alice];
        offerer.setHold(rnd(3) === 0);
        answerer.setHold(rnd(3) === 0);
        const offer = offerer.createOffer();
        const answered = answerer.receiveOffer(offer);
        if (!answered.ok) {
          expect(answered.error.code).toBe('not-acceptable');
          offerer.rollback();
          continue;
        }
        const applied = offerer.applyAnswer(answered.value.sdp);
        if (!applied.ok) throw new Error(applied.error.reason);
        for (const [s, text] of [
          [offerer, offer],
          [answerer, answered.value.sdp],
        ] as const) {
          const parsed = parseSdp(text);
          if (!parsed.ok) throw new Error(parsed.error.reason);
          const v = parsed.value.origin.sessionVersion;
          expect(v).toBeGreaterThanOrEqual(versions.get(s) ?? 0n);
          versions.set(s, v);
        }
        const o = applied.value.audio;
        const a = answered.value.negotiation.audio;
        expect(o === undefined).toBe(a === undefined);
        if (!o || !a) continue;
        checked++;
        // What one side sends, the other receives under the same number and codec.
        for (const [from, to] of [
          [o, a],
          [a, o],
        ] as const) {
          if (from.sendCodec) {
            const got = to.receiveCodecs.get(from.sendCodec.payloadType);
            expect(got && same(got, from.sendCodec)).toBe(true);
          }
          if (from.sendTelephoneEvent) {
            expect(to.receiveTelephoneEvent?.payloadType).toBe(from.sendTelephoneEvent.payloadType);
            expect(to.receiveTelephoneEvent?.events).toBe(from.sendTelephoneEvent.events);
          }
          expect(from.send).toBe(to.receive && from.sendCodecs.length > 0);
        }
        expect(o.rtcpMux).toBe(a.rtcpMux);
        expect(o.remoteHold).toBe(!a.receive);
        expect(a.remoteHold).toBe(!o.receive);
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});
