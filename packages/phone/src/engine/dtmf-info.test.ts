import { describe, expect, it } from 'vitest';
import { dtmfRelayBody, isDtmfDigit, parseDtmfRelay } from './dtmf-info.js';

describe('application/dtmf-relay', () => {
  it('writes and reads a key', () => {
    expect(dtmfRelayBody('5', 100)).toBe('Signal=5\r\nDuration=100\r\n');
    expect(parseDtmfRelay(dtmfRelayBody('#', 250))).toEqual({ digit: '#', durationMs: 250 });
  });

  it('takes the forms phones send: spaces, LF, lower-case letters, event numbers 10 and 11', () => {
    expect(parseDtmfRelay('Signal= a\nDuration= 160\n')).toEqual({ digit: 'A', durationMs: 160 });
    expect(parseDtmfRelay('signal=10')).toEqual({ digit: '*', durationMs: undefined });
    expect(parseDtmfRelay('Signal=11\r\nDuration=x')).toEqual({ digit: '#', durationMs: undefined });
  });

  it('returns undefined for what carries no key, never throws', () => {
    for (const body of ['', 'Duration=100', 'Signal=X', 'Signal=12', '=', '\u0000\u00ff', 'Signal']) {
      expect(parseDtmfRelay(body)).toBeUndefined();
    }
    expect([...'0123456789*#ABCDabcd'].every(isDtmfDigit)).toBe(true);
    expect(['E', '', '10', ' '].some(isDtmfDigit)).toBe(false);
  });
});
