import { describe, expect, it } from 'vitest';
import { add, addL, asl, asr, div, mult, multR, norm, sub } from './gsm-math.js';

describe('GSM 06.10 fixed-point primitives', () => {
  it('saturates 16- and 32-bit additions', () => {
    expect(add(32000, 1000)).toBe(32767);
    expect(add(-32000, -1000)).toBe(-32768);
    expect(sub(-32000, 1000)).toBe(-32768);
    expect(add(100, -50)).toBe(50);
    expect(addL(2147483000, 1000)).toBe(2147483647);
    expect(addL(-2147483000, -1000)).toBe(-2147483648);
  });

  it('multiplies fractions, with -1 * -1 saturated in mult', () => {
    expect(mult(-32768, -32768)).toBe(32767);
    expect(mult(16384, 16384)).toBe(8192);
    expect(multR(3, 16384)).toBe(2);
    expect(multR(-3, 16384)).toBe(-1);
  });

  it('normalizes 32-bit values (norm)', () => {
    expect(norm(1)).toBe(30);
    expect(norm(0x40000000)).toBe(0);
    expect(norm(0x3fffffff)).toBe(1);
    expect(norm(-1)).toBe(31);
    expect(norm(-0x40000000)).toBe(0);
    expect(norm(-0x20000000)).toBe(2); // -2^29 << 2 = -2^31 is normalized
  });

  it('divides as 15-bit fractions (div)', () => {
    expect(div(0, 100)).toBe(0);
    expect(div(1, 2)).toBe(16384);
    expect(div(100, 100)).toBe(32767);
    expect(div(1, 3)).toBe(10922);
  });

  it('shifts by signed counts (asl, asr)', () => {
    expect(asl(1, 3)).toBe(8);
    expect(asl(1, -1)).toBe(0);
    expect(asl(-5, 20)).toBe(0);
    expect(asr(-8, 2)).toBe(-2);
    expect(asr(-8, 20)).toBe(-1);
    expect(asr(3, -2)).toBe(12);
  });
});
