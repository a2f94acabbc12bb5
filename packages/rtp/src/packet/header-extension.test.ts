import { describe, expect, it } from 'vitest';
import { buildHeaderExtension, parseExtensionElements } from './header-extension.js';
import { encodeRtp } from './rtp-encode.js';
import { decodeRtp } from './rtp-packet.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('RFC 8285 header extension elements', () => {
  it('parses the one-byte form with padding between elements', () => {
    // id 1 len 1 (0x10 0xaa), a padding octet, id 2 len 3, then padding.
    const r = parseExtensionElements({ profile: 0xbede, data: bytes(0x10, 0xaa, 0x00, 0x22, 1, 2, 3, 0) });
    expect(r.ok && r.value.map((e) => [e.id, [...e.data]])).toEqual([
      [1, [0xaa]],
      [2, [1, 2, 3]],
    ]);
  });

  it('stops at ID 15 and rejects elements that overrun', () => {
    const stop = parseExtensionElements({
      profile: 0xbede,
      data: bytes(0x10, 0xaa, 0xf0, 0x10, 0xbb, 0, 0, 0),
    });
    expect(stop.ok && stop.value).toHaveLength(1);
    const bad = parseExtensionElements({ profile: 0xbede, data: bytes(0x13, 1, 2, 0) });
    expect(!bad.ok && bad.error.code).toBe('bad-extension');
    expect(parseExtensionElements({ profile: 0x1234, data: bytes(0, 0, 0, 0) }).ok).toBe(false);
  });

  it('builds one-byte when possible and two-byte otherwise, and round-trips through a packet', () => {
    const one = buildHeaderExtension([{ id: 3, data: bytes(0x80 | 42) }]);
    expect(one.profile).toBe(0xbede);
    expect([...one.data]).toEqual([0x30, 0xaa, 0, 0]);
    const two = buildHeaderExtension([
      { id: 20, data: bytes(1, 2) },
      { id: 1, data: new Uint8Array(0) },
    ]);
    expect(two.profile).toBe(0x1000);
    expect([...two.data]).toEqual([20, 2, 1, 2, 1, 0, 0, 0]);
    const wire = encodeRtp({
      payloadType: 0,
      sequenceNumber: 1,
      timestamp: 0,
      ssrc: 1,
      extension: two,
      payload: bytes(9),
    });
    const p = decodeRtp(wire);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const els = parseExtensionElements(p.value.extension!);
    expect(els.ok && els.value.map((e) => [e.id, [...e.data]])).toEqual([
      [20, [1, 2]],
      [1, []],
    ]);
    expect(() => buildHeaderExtension([{ id: 300, data: bytes(1) }])).toThrow(RangeError);
  });
});
