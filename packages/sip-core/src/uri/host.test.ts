import { isIPv4, isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHostnameOrIpv4At, isIpv4At, isIpv6 } from './host.js';

describe('host grammar', () => {
  it.each([
    ['2001:db8::10', true],
    ['2001:db8::10:5070', true], // RFC 5118 4.3: one address, no port
    ['2001:db8:::192.0.2.1', true], // RFC 5118 4.10, tolerated
    ['::ffff:192.0.2.10', true],
    ['::', true],
    ['::1', true],
    ['1::', true],
    ['1:2:3:4:5:6:7:8', true],
    ['1:2:3:4:5:6:7::', true],
    ['1:2:3:4:5:6::1.2.3.4', false],
    ['1:2:3:4:5::1.2.3.4', true],
    ['1:2:3:4:5:6:1.2.3.4', true],
    ['1:2:3:4:5:6:7', false],
    ['1:2:3:4:5:6:7:8:9', false],
    ['1::2::3', false],
    [':1', false],
    ['1:', false],
    ['12345::', false],
    ['g::1', false],
    ['::1.2.3', false],
    ['::256.1.1.1', false],
    ['1.2.3.4::', false],
    ['', false],
  ])('isIpv6(%j) is %s', (text, expected) => {
    expect(isIpv6(text)).toBe(expected);
  });

  it('agrees with node:net on IPv6 (apart from the tolerated three colons)', () => {
    const text = fc
      .array(fc.constantFrom(...'0123456789abcdefABCDEF:.'.split('')), { maxLength: 24 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(fc.oneof(text, fc.ipV6()), (s) => {
        if (s.includes(':::')) return;
        // node:net accepts IPv4 octets with leading zeros inside IPv6; section 25.1 has 1*3DIGIT too.
        expect(isIpv6(s)).toBe(isIPv6(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with node:net on IPv4', () => {
    const octet = fc.oneof(fc.nat(300).map(String), fc.stringMatching(/^[0-9]{0,4}$/));
    const quad = fc.array(octet, { minLength: 3, maxLength: 5 }).map((o) => o.join('.'));
    const text = fc
      .array(fc.constantFrom(...'0123456789.'.split('')), { maxLength: 16 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(fc.oneof(text, quad, fc.ipV4()), (s) => {
        if (/(^|\.)0\d/.test(s)) return; // leading zeros: node rejects, the SIP ABNF allows 1*3DIGIT
        expect(isIpv4At(s, 0, s.length)).toBe(isIPv4(s));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['example.com', true],
    ['example.com.', true],
    ['a', true],
    ['x-1.y_2.example', true],
    ['192.0.2.1', true],
    ['1.2.3.4.5', false],
    ['256.0.0.1', false],
    ['example.123', false],
    ['-a.example', false],
    ['a-.example', false],
    ['a..b', false],
    ['.a', false],
    ['.', false],
    ['', false],
  ])('hostname or IPv4 %j is %s', (text, expected) => {
    expect(isHostnameOrIpv4At(text, 0, text.length)).toBe(expected);
  });
});
