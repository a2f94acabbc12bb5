import { describe, expect, it } from 'vitest';
import { formatFmtpParams, parseFmtpParams } from './fmtp-params.js';

describe('fmtp parameters', () => {
  it('reads name=value pairs with spaces around separators', () => {
    expect(parseFmtpParams('mode=30')).toEqual({ mode: '30' });
    expect(parseFmtpParams('profile-level-id=24; object=23 ;bitrate=64000')).toEqual({
      'profile-level-id': '24',
      object: '23',
      bitrate: '64000',
    });
    expect(parseFmtpParams('0-15')).toEqual({ '0-15': '' });
    expect(parseFmtpParams(undefined)).toEqual({});
  });
  it('writes them back', () => {
    expect(formatFmtpParams({ mode: '20', annexb: 'no' })).toBe('mode=20;annexb=no');
    expect(formatFmtpParams({ '0-15': '' })).toBe('0-15');
  });
});
