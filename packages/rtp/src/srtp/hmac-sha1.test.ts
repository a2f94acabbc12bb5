import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacSha1 } from './hmac-sha1.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('HmacSha1', () => {
  it('passes the RFC 2202 test cases 1, 2 and 6', () => {
    const k1 = new Uint8Array(20).fill(0x0b);
    expect(hex(new HmacSha1(k1).digest(Buffer.from('Hi There')))).toBe(
      'b617318655057264e28bc0b6fb378c8ef146be00',
    );
    expect(
      hex(
        new HmacSha1(Buffer.from('Jefe')).digest(
          Buffer.from('what do ya want '),
          Buffer.from('for nothing?'),
        ),
      ),
    ).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
    // Case 6 uses an 80-octet key, longer than SRTP ever does: we refuse it.
    expect(() => new HmacSha1(new Uint8Array(80))).toThrow(RangeError);
  });

  it('equals node:crypto for every length around the block boundaries', () => {
    const key = randomBytes(20);
    const mac = new HmacSha1(key);
    for (let len = 0; len < 300; len++) {
      const a = randomBytes(len);
      const b = randomBytes(len % 7);
      const ref = createHmac('sha1', key).update(a).update(b).digest();
      expect(hex(mac.digest(a, b))).toBe(ref.toString('hex'));
    }
  });
});
