import { describe, expect, it } from 'vitest';
import { RealFft } from './fft.js';

function naiveDft(x: Float64Array): { re: number[]; im: number[] } {
  const n = x.length;
  const re: number[] = [];
  const im: number[] = [];
  for (let k = 0; k <= n / 2; k++) {
    let r = 0;
    let i = 0;
    for (let t = 0; t < n; t++) {
      r += x[t]! * Math.cos((2 * Math.PI * k * t) / n);
      i -= x[t]! * Math.sin((2 * Math.PI * k * t) / n);
    }
    re.push(r);
    im.push(i);
  }
  return { re, im };
}

describe('RealFft', () => {
  it.each([4, 8, 16, 64, 512])('matches a direct DFT and inverts exactly at n=%i', (n) => {
    let seed = n;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648 - 0.5;
    };
    const x = Float64Array.from({ length: n }, rnd);
    const fft = new RealFft(n);
    const re = new Float64Array(fft.bins);
    const im = new Float64Array(fft.bins);
    fft.forward(x, re, im);
    const ref = naiveDft(x);
    for (let k = 0; k < fft.bins; k++) {
      expect(re[k]).toBeCloseTo(ref.re[k]!, 9);
      expect(im[k]).toBeCloseTo(ref.im[k]!, 9);
    }
    const back = new Float64Array(n);
    fft.inverse(re, im, back);
    for (let i = 0; i < n; i++) expect(back[i]).toBeCloseTo(x[i]!, 12);
  });

  it('rejects sizes that are not powers of two', () => {
    expect(() => new RealFft(12)).toThrow(RangeError);
  });
});
