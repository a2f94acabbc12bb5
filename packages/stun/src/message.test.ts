import { describe, expect, it } from 'vitest';
import {
  errorCode,
  errorCodeAttribute,
  mappedAddress,
  mappedAddressAttribute,
  software,
  softwareAttribute,
  unknownAttributes,
  unknownAttributesAttribute,
  unknownRequiredAttributes,
  xorMappedAddress,
  xorMappedAddressAttribute,
} from './attributes.js';
import { StunAttr, StunMethod } from './constants.js';
import { crc32 } from './crc32.js';
import { bytesToIp, ipToBytes } from './ip-address.js';
import { decodeStun, encodeStun, isStunMessage, messageType } from './message.js';
import { SAMPLE_IPV4_RESPONSE, SAMPLE_IPV6_RESPONSE, SAMPLE_REQUEST } from './rfc5769-vectors.test.util.js';

const tid = Uint8Array.from({ length: 12 }, (_, i) => i * 17 + 3);

describe('RFC 5769 sample messages', () => {
  it('decodes the request: FINGERPRINT checked, PRIORITY unknown and comprehension-required', () => {
    const r = decodeStun(SAMPLE_REQUEST);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.class).toBe('request');
    expect(r.value.method).toBe(StunMethod.binding);
    expect(r.value.fingerprinted).toBe(true);
    expect(software(r.value)).toBe('STUN test client');
    expect(unknownRequiredAttributes(r.value)).toEqual([0x0024]);
  });

  it('decodes the IPv4 response: 192.0.2.1:32853', () => {
    const r = decodeStun(SAMPLE_IPV4_RESPONSE);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.class).toBe('success');
    expect(software(r.value)).toBe('test vector');
    expect(xorMappedAddress(r.value)).toEqual({ family: 'IPv4', address: '192.0.2.1', port: 32853 });
  });

  it('decodes the IPv6 response: [2001:db8:1234:5678:11:2233:4455:6677]:32853', () => {
    const r = decodeStun(SAMPLE_IPV6_RESPONSE);
    if (!r.ok) throw new Error(r.error.message);
    expect(xorMappedAddress(r.value)).toEqual({
      family: 'IPv6',
      address: '2001:db8:1234:5678:11:2233:4455:6677',
      port: 32853,
    });
  });

  it('rejects a flipped bit anywhere before FINGERPRINT', () => {
    for (const at of [9, 30, 45, SAMPLE_IPV4_RESPONSE.length - 9]) {
      const bad = SAMPLE_IPV4_RESPONSE.slice();
      bad[at]! ^= 0x01;
      const r = decodeStun(bad);
      expect(r.ok, `byte ${at}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('bad-fingerprint');
    }
  });

  it('writes the same XOR-MAPPED-ADDRESS bytes as the sample', () => {
    const tidSample = SAMPLE_IPV6_RESPONSE.subarray(8, 20);
    const a = xorMappedAddressAttribute(
      { address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 },
      tidSample,
    );
    expect(Array.from(a.value)).toEqual(Array.from(SAMPLE_IPV6_RESPONSE.subarray(40, 60)));
  });
});

describe('header', () => {
  it('interleaves method and class bits (RFC 5389 figure 3)', () => {
    expect(messageType(StunMethod.binding, 'request')).toBe(0x0001);
    expect(messageType(StunMethod.binding, 'indication')).toBe(0x0011);
    expect(messageType(StunMethod.binding, 'success')).toBe(0x0101);
    expect(messageType(StunMethod.binding, 'error')).toBe(0x0111);
    expect(messageType(0xfff, 'error')).toBe(0x3fff);
  });

  it('round-trips a message with every attribute this package writes', () => {
    const bytes = encodeStun({
      method: StunMethod.binding,
      class: 'error',
      transactionId: tid,
      attributes: [
        errorCodeAttribute(420, 'Unknown Attribute'),
        unknownAttributesAttribute([0x0024, 0x7fff]),
        softwareAttribute('twinkle'),
        mappedAddressAttribute({ address: '10.1.2.3', port: 5060 }),
      ],
      fingerprint: true,
    });
    expect(isStunMessage(bytes)).toBe(true);
    const r = decodeStun(bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.class).toBe('error');
    expect(Array.from(r.value.transactionId)).toEqual(Array.from(tid));
    expect(errorCode(r.value)).toEqual({ code: 420, reason: 'Unknown Attribute' });
    expect(unknownAttributes(r.value)).toEqual([0x0024, 0x7fff]);
    expect(software(r.value)).toBe('twinkle');
    expect(mappedAddress(r.value)).toEqual({ family: 'IPv4', address: '10.1.2.3', port: 5060 });
    expect(r.value.fingerprinted).toBe(true);
    expect(r.value.attributes.at(-1)?.type).toBe(StunAttr.FINGERPRINT);
  });

  it('XOR-MAPPED-ADDRESS round-trips IPv4 and IPv6 ports and addresses', () => {
    for (const [address, port] of [
      ['203.0.113.77', 65535],
      ['0.0.0.0', 0],
      ['::1', 5060],
      ['fe80::1:2', 40000],
    ] as const) {
      const bytes = encodeStun({
        method: 1,
        class: 'success',
        transactionId: tid,
        attributes: [xorMappedAddressAttribute({ address, port }, tid)],
      });
      const r = decodeStun(bytes);
      if (!r.ok) throw new Error(r.error.message);
      expect(xorMappedAddress(r.value)).toMatchObject({ address, port });
    }
  });
});

describe('malformed input', () => {
  const good = encodeStun({
    method: 1,
    class: 'success',
    transactionId: tid,
    attributes: [softwareAttribute('x')],
  });

  it.each([
    ['too-short', good.subarray(0, 19)],
    ['not-stun', Uint8Array.from([0x80, ...good.subarray(1)])],
    ['bad-cookie', Uint8Array.from([...good.subarray(0, 4), 0, 0, 0, 0, ...good.subarray(8)])],
    ['bad-length', good.subarray(0, good.length - 4)],
  ])('%s', (code, bytes) => {
    const r = decodeStun(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('an attribute overrunning the message', () => {
    const bad = good.slice();
    bad[23] = 0x40; // SOFTWARE claims 64 bytes
    const r = decodeStun(bad);
    expect(!r.ok && r.error.code).toBe('bad-attribute');
  });

  it('an attribute after FINGERPRINT', () => {
    const fp = encodeStun({ method: 1, class: 'success', transactionId: tid, fingerprint: true });
    const more = new Uint8Array(fp.length + 8);
    more.set(fp);
    more.set([0x80, 0x22, 0, 1, 0x41, 0, 0, 0], fp.length);
    more[3] = more.length - 20;
    const r = decodeStun(more);
    expect(!r.ok && r.error.code).toMatch(/attribute-after-fingerprint|bad-fingerprint/);
  });

  it('never throws on random or truncated input', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 24;
    };
    for (let n = 0; n < 3000; n++) {
      const len = rnd() % 90;
      const b = Uint8Array.from({ length: len }, rnd);
      if (len >= 8 && n % 2 === 0) b.set([0, 1, (len - 20) >> 8, (len - 20) & 0xfc, 0x21, 0x12, 0xa4, 0x42]);
      const r = decodeStun(b);
      if (r.ok) {
        xorMappedAddress(r.value);
        mappedAddress(r.value);
        errorCode(r.value);
        unknownAttributes(r.value);
      }
    }
    for (let cut = 0; cut < SAMPLE_REQUEST.length; cut++)
      expect(() => decodeStun(SAMPLE_REQUEST.subarray(0, cut))).not.toThrow();
  });

  it('a malformed address value reads as undefined', () => {
    const bytes = encodeStun({
      method: 1,
      class: 'success',
      transactionId: tid,
      attributes: [{ type: StunAttr.XOR_MAPPED_ADDRESS, value: Uint8Array.from([0, 3, 0, 1, 1, 2, 3, 4]) }],
    });
    const r = decodeStun(bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(xorMappedAddress(r.value)).toBeUndefined();
  });
});

describe('helpers', () => {
  it('CRC-32 of "123456789" is 0xCBF43926', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('IP text and bytes', () => {
    expect(bytesToIp(ipToBytes('2001:DB8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(bytesToIp(ipToBytes('::ffff:192.0.2.1')!)).toBe('::ffff:c000:201');
    expect(bytesToIp(ipToBytes('1::')!)).toBe('1::');
    expect(ipToBytes('256.1.1.1')).toBeUndefined();
    expect(ipToBytes('1:2:3')).toBeUndefined();
    expect(ipToBytes('1::2::3')).toBeUndefined();
    expect(bytesToIp(ipToBytes('127.0.0.1')!)).toBe('127.0.0.1');
  });
});
