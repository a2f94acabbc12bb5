import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callIdAt,
  cseqAt,
  formatCSeq,
  formatRAck,
  parseCallId,
  parseCallIdRange,
  parseCSeq,
  parseCSeqRange,
  parseDeltaSeconds,
  parseMaxForwards,
  parseRAck,
  parseRSeq,
  parseTimestamp,
} from './scalars.js';

describe('parseCSeq', () => {
  it.each([
    ['3923239 OPTIONS', 3923239, 'OPTIONS'],
    ['0009\r\n  INVITE', 9, 'INVITE'], // wsinv
    ['0009  INVITE', 9, 'INVITE'],
    [
      "139122385 !interesting-Method0123456789_*+`.%indeed'~",
      139122385,
      "!interesting-Method0123456789_*+`.%indeed'~",
    ], // intmeth
    ['29344 RE%47IST%45R', 29344, 'RE%47IST%45R'], // esc02
    ['2130706432 INVITE', 2130706432, 'INVITE'], // lwsruri
    ['4294967295 ACK', 4294967295, 'ACK'],
    ['0 INVITE', 0, 'INVITE'], // ncl
  ])('accepts %j', (text, seq, method) => {
    expect(parseCSeq(text)).toEqual({ ok: true, value: { seq, method } });
  });

  it.each([
    ['36893488147419103232 REGISTER', 'out-of-range'], // scalar02
    ['9292394834772304023312 OPTIONS', 'out-of-range'], // scalarlg
    ['4294967296 INVITE', 'out-of-range'],
    ['INVITE', 'bad-cseq'],
    ['1INVITE', 'bad-cseq'],
    ['1', 'bad-cseq'],
    ['-1 INVITE', 'bad-cseq'],
    ['1 INVITE x', 'bad-cseq'],
    ['1 INV/ITE', 'bad-cseq'],
    ['', 'bad-cseq'],
  ])('rejects %j (%s)', (text, code) => {
    const r = parseCSeq(text);
    expect(r.ok ? '' : r.error.code).toBe(code);
  });

  it('says where a CSeq goes wrong, in the text it was given', () => {
    const at = (value: string) => {
      const r = parseCSeqRange(`xx${value}yy`, 2, 2 + value.length);
      return r.ok ? undefined : [r.error.reason, r.error.offset];
    };
    expect(at('36893488147419103232 REGISTER')).toEqual(['CSeq number out of range', 2]);
    expect(at('INVITE')).toEqual(['bad CSeq number', 2]);
    expect(at('  ')).toEqual(['bad CSeq number', 4]);
    expect(at('1INVITE')).toEqual(['bad CSeq', 3]);
    expect(at('1 \t')).toEqual(['missing CSeq method', 5]);
    expect(at('1 INV/ITE')).toEqual(['bad CSeq method', 7]);
    expect(at('1 INVITE x')).toEqual(['bad CSeq method', 10]);
  });

  it('formats', () => {
    expect(formatCSeq({ seq: 1, method: 'INVITE' })).toBe('1 INVITE');
  });
});

describe('cseqAt and callIdAt, the forms without a result object', () => {
  const text = fc
    .array(
      fc.constantFrom('1', '0', '9', ' ', '\t', 'I', 'n', '@', '.', '-', '/', ';', '"', 'é', '4294967296'),
      {
        maxLength: 12,
      },
    )
    .map((xs) => xs.join(''));

  it('take exactly what the parsers with results take, with the same values', () => {
    fc.assert(
      fc.property(text, fc.nat(3), (value, pad) => {
        const t = `${'x'.repeat(pad)}${value}\r\n`;
        const cseq = parseCSeqRange(t, pad, pad + value.length);
        expect(cseqAt(t, pad, pad + value.length)).toEqual(cseq.ok ? cseq.value : undefined);
        const id = parseCallIdRange(t, pad, pad + value.length);
        expect(callIdAt(t, pad, pad + value.length)).toEqual(id.ok ? id.value : undefined);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseCallId', () => {
  it.each([
    'wsinv.ndaksdj@192.0.2.1',
    'esc01.239409asdfakjkn23onasd0-3234',
    'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{', // intmeth
    '3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..', // mpart01
    'SSG9559905523997077@hlau_4100', // RFC 5118
    'a',
  ])('accepts %j', (text) => {
    expect(parseCallId(text)).toEqual({ ok: true, value: text });
  });

  it.each(['', 'a b', 'a@b@c', '@b', 'a@', 'a;b', 'a,b', 'caf\u00e9'])('rejects %j', (text) => {
    expect(parseCallId(text).ok).toBe(false);
  });
});

describe('numbers', () => {
  it('parses delta-seconds within 32 bits', () => {
    expect(parseDeltaSeconds('0')).toEqual({ ok: true, value: 0 });
    expect(parseDeltaSeconds('3600')).toEqual({ ok: true, value: 3600 });
    expect(parseDeltaSeconds('4294967295')).toEqual({ ok: true, value: 4294967295 });
    const big = parseDeltaSeconds('1'.padEnd(104, '0')); // scalar02 Expires
    expect(big.ok ? '' : big.error.code).toBe('out-of-range');
    for (const bad of ['-999', '', '1.5', ' 1', '0x10', '12a']) expect(parseDeltaSeconds(bad).ok).toBe(false); // ncl: -999
  });

  it('parses Max-Forwards 0..255', () => {
    expect(parseMaxForwards('0068')).toEqual({ ok: true, value: 68 }); // wsinv
    expect(parseMaxForwards('0')).toEqual({ ok: true, value: 0 }); // zeromf
    expect(parseMaxForwards('255')).toEqual({ ok: true, value: 255 }); // intmeth
    const r = parseMaxForwards('300'); // scalar02
    expect(r.ok ? '' : r.error.code).toBe('out-of-range');
    expect(parseMaxForwards('7 0').ok).toBe(false);
  });

  it('parses RSeq and RAck (RFC 3262)', () => {
    expect(parseRSeq('988789')).toEqual({ ok: true, value: 988789 });
    expect(parseRSeq('0').ok).toBe(false);
    expect(parseRSeq('4294967296').ok).toBe(false);
    expect(parseRAck('776656 1 INVITE')).toEqual({
      ok: true,
      value: { rseq: 776656, cseq: 1, method: 'INVITE' },
    });
    expect(formatRAck({ rseq: 776656, cseq: 1, method: 'INVITE' })).toBe('776656 1 INVITE');
    for (const bad of ['776656 INVITE', '0 1 INVITE', '1 1', '1 1 INVITE x', 'x 1 INVITE'])
      expect(parseRAck(bad).ok).toBe(false);
  });

  it('parses Timestamp', () => {
    expect(parseTimestamp('54')).toEqual({ ok: true, value: { value: 54, delay: undefined } });
    expect(parseTimestamp('54.123 0.5')).toEqual({ ok: true, value: { value: 54.123, delay: 0.5 } });
    for (const bad of ['', 'x', '1 2 3', '1 x', '-1']) expect(parseTimestamp(bad).ok).toBe(false);
  });
});
