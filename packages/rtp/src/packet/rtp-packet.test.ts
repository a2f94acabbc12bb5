import { describe, expect, it } from 'vitest';
import { encodeRtp, rtpEncodedLength } from './rtp-encode.js';
import { decodeRtp, rtpHeaderLength } from './rtp-packet.js';
import { seqBefore, seqDiff, timestampDiff } from './sequence.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

describe('decodeRtp', () => {
  it('decodes a plain PCMU packet as a view over the input', () => {
    const buf = hex('80 00 12 34 de ca fb ad ca fe ba be 01 02 03 04');
    const r = decodeRtp(buf);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const p = r.value;
    expect(p).toMatchObject({
      marker: false,
      payloadType: 0,
      sequenceNumber: 0x1234,
      timestamp: 0xdecafbad,
      ssrc: 0xcafebabe,
      paddingLength: 0,
      extension: undefined,
    });
    expect([...p.payload]).toEqual([1, 2, 3, 4]);
    // No copy: the payload shares the input's memory.
    expect(p.payload.buffer).toBe(buf.buffer);
    expect(p.payload.byteOffset).toBe(12);
  });

  it('decodes marker, CSRCs, extension and padding', () => {
    const buf = hex(
      'b2 e0 00 01 00 00 00 0a 00 00 00 0b 00 00 00 01 00 00 00 02 be de 00 01 10 aa 00 00 ff ee 00 00 03',
    );
    const r = decodeRtp(buf);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.marker).toBe(true);
    expect(r.value.payloadType).toBe(96);
    expect(r.value.csrcs).toEqual([1, 2]);
    expect(r.value.extension?.profile).toBe(0xbede);
    expect([...r.value.extension!.data]).toEqual([0x10, 0xaa, 0, 0]);
    expect([...r.value.payload]).toEqual([0xff, 0xee]);
    expect(r.value.paddingLength).toBe(3);
    expect(rtpHeaderLength(buf)).toBe(28);
  });

  it.each([
    ['too-short', '80 00 00 01 00 00 00 00 00 00 00'],
    ['bad-version', '40 00 00 01 00 00 00 00 00 00 00 01'],
    ['bad-csrc', '81 00 00 01 00 00 00 00 00 00 00 01 00 00'],
    ['bad-extension', '90 00 00 01 00 00 00 00 00 00 00 01 be de 00 02 00 00 00 00'],
    ['bad-extension', '90 00 00 01 00 00 00 00 00 00 00 01 be de'],
    ['bad-padding', 'a0 00 00 01 00 00 00 00 00 00 00 01 aa 00'],
    ['bad-padding', 'a0 00 00 01 00 00 00 00 00 00 00 01 aa 05'],
  ])('rejects %s input without throwing', (code, h) => {
    const r = decodeRtp(hex(h));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('accepts padding that consumes the whole payload', () => {
    const r = decodeRtp(hex('a0 00 00 01 00 00 00 00 00 00 00 01 00 02'));
    expect(r.ok && r.value.payload.length).toBe(0);
  });
});

describe('encodeRtp', () => {
  it('round-trips every header field', () => {
    const init = {
      marker: true,
      payloadType: 101,
      sequenceNumber: 65535,
      timestamp: 0xffffffff,
      ssrc: 0x80000001,
      csrcs: [7, 0xfffffffe],
      extension: { profile: 0x1000, data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) },
      payload: new Uint8Array([9, 8, 7]),
      paddingLength: 5,
    };
    const wire = encodeRtp(init);
    expect(wire.length).toBe(rtpEncodedLength(init));
    const r = decodeRtp(wire);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      marker: true,
      payloadType: 101,
      sequenceNumber: 65535,
      timestamp: 0xffffffff,
      ssrc: 0x80000001,
      csrcs: [7, 0xfffffffe],
      paddingLength: 5,
    });
    expect([...r.value.extension!.data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...r.value.payload]).toEqual([9, 8, 7]);
  });

  it('writes into a caller buffer at an offset without allocating a new one', () => {
    const out = new Uint8Array(64);
    const view = encodeRtp(
      { payloadType: 0, sequenceNumber: 1, timestamp: 2, ssrc: 3, payload: new Uint8Array(4) },
      out,
      8,
    );
    expect(view.buffer).toBe(out.buffer);
    expect(view.byteOffset).toBe(8);
    expect(view.length).toBe(16);
    expect(out[8]).toBe(0x80);
  });

  it('refuses impossible values and short buffers', () => {
    const base = { payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array(10) };
    expect(() => encodeRtp({ ...base, payloadType: 128 })).toThrow(RangeError);
    expect(() => encodeRtp(base, new Uint8Array(21))).toThrow(RangeError);
    expect(() => encodeRtp({ ...base, csrcs: new Array(16).fill(1) })).toThrow(RangeError);
  });
});

describe('sequence arithmetic', () => {
  it('handles wrap-around', () => {
    expect(seqDiff(65535, 0)).toBe(1);
    expect(seqDiff(0, 65535)).toBe(-1);
    expect(seqBefore(65500, 10)).toBe(true);
    expect(seqBefore(10, 65500)).toBe(false);
    expect(timestampDiff(0xffffff00, 0x100)).toBe(0x200);
  });
});
