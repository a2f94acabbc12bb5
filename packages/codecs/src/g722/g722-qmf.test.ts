import { describe, expect, it } from 'vitest';
import { QmfLine } from './g722-qmf.js';
import { QMF } from './g722-tables.js';

describe('G.722 QMF delay line', () => {
  it('has the symmetric coefficients of table 11, summing to 8192', () => {
    expect(QMF).toHaveLength(24);
    for (let i = 0; i < 24; i++) expect(QMF[i]).toBe(QMF[23 - i]);
    expect(QMF.reduce((a, b) => a + b, 0)).toBe(8192);
  });

  it('computes the even and odd tap sums of a direct convolution over the last 24 samples', () => {
    const line = new QmfLine();
    const history: number[] = [];
    let seed = 5;
    for (let n = 0; n < 200; n++) {
      const pair = [0, 1].map(() => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return (seed % 65536) - 32768;
      });
      line.push(pair[0]!, pair[1]!);
      history.push(pair[0]!, pair[1]!);
      const window = [...Array(Math.max(0, 24 - history.length)).fill(0), ...history.slice(-24)];
      let even = 0;
      let odd = 0;
      for (let k = 0; k < 24; k++) {
        if (k % 2 === 0) even += window[k]! * QMF[k]!;
        else odd += window[k]! * QMF[k]!;
      }
      line.filter();
      expect([line.even, line.odd]).toEqual([even, odd]);
    }
  });
});
