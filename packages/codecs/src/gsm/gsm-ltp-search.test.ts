import { describe, expect, it } from 'vitest';
import { floatSearch, LAG_SEARCH_WORK, type LagSearchResult, searchLag } from './gsm-ltp-search.js';

function fill(work: Float64Array, rnd: () => number, kind: 'random' | 'periodic' | 'quiet' | 'zero'): void {
  const scale = Math.floor(rnd() * 7); // as ltpParameters scales wt: |wt| < 2^9
  for (let k = 0; k < 40; k++) work[k] = kind === 'zero' ? 0 : Math.floor((rnd() * 2 - 1) * 511) >> scale;
  const period = 20 + Math.floor(rnd() * 30);
  const shape = Array.from({ length: period }, () => Math.floor((rnd() * 2 - 1) * 32767));
  for (let j = 0; j < 120; j++) {
    const v = kind === 'periodic' ? shape[j % period]! : Math.floor((rnd() * 2 - 1) * 32767);
    work[40 + j] = kind === 'quiet' ? v >> 12 : v;
  }
  if (kind === 'periodic') for (let k = 0; k < 40; k++) work[k] = shape[(k + 120) % period]! >> 7;
}

describe('GSM LTP lag search', () => {
  it('gives exactly what the single-precision search gives, fast path or not', () => {
    let seed = 42;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const work = new Float64Array(LAG_SEARCH_WORK);
    const copy = new Float64Array(LAG_SEARCH_WORK);
    const a: LagSearchResult = { nc: 0, lmax: 0 };
    const b: LagSearchResult = { nc: 0, lmax: 0 };
    for (const kind of ['random', 'periodic', 'quiet', 'zero'] as const) {
      for (let n = 0; n < 400; n++) {
        fill(work, rnd, kind);
        copy.set(work);
        searchLag(work, a);
        floatSearch(copy, b);
        expect([a.nc, a.lmax]).toEqual([b.nc, b.lmax]);
      }
    }
  });

  it('lets a later lag win a tie only by a strictly greater single-precision sum', () => {
    const work = new Float64Array(LAG_SEARCH_WORK);
    // A 20-sample period: lags 40, 60, 80, 100 and 120 correlate equally in exact arithmetic.
    for (let j = 0; j < 120; j++) work[40 + j] = j % 20 < 10 ? 32764 : -32768;
    for (let k = 0; k < 40; k++) work[k] = k % 20 < 10 ? 511 : -512;
    const r = searchLag(work, { nc: 0, lmax: 0 });
    expect([40, 60, 80, 100, 120]).toContain(r.nc);
    expect(r).toEqual(floatSearch(work, { nc: 0, lmax: 0 }));
  });
});
