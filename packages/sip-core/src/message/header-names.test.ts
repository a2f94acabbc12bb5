import { describe, expect, it } from 'vitest';
import { canonicalHeaderName, headerKey } from './header-names.js';

describe('header names', () => {
  it('maps compact forms to their long names, case-insensitively', () => {
    expect(headerKey('v')).toBe('via');
    expect(headerKey('V')).toBe('via');
    expect(headerKey('i')).toBe('call-id');
    expect(headerKey('CONTENT-length')).toBe('content-length');
    expect(headerKey('x')).toBe('session-expires');
  });

  it('keeps unknown one-letter and long names as they are, lower-cased', () => {
    expect(headerKey('q')).toBe('q');
    expect(headerKey('X-Custom')).toBe('x-custom');
  });

  it('gives the conventional spelling', () => {
    expect(canonicalHeaderName('call-id')).toBe('Call-ID');
    expect(canonicalHeaderName('cseq')).toBe('CSeq');
    expect(canonicalHeaderName('www-authenticate')).toBe('WWW-Authenticate');
    expect(canonicalHeaderName('m')).toBe('Contact');
    expect(canonicalHeaderName('x-my-header')).toBe('X-My-Header');
    expect(canonicalHeaderName('session-id')).toBe('Session-ID');
    expect(canonicalHeaderName('USER-TO-USER')).toBe('User-to-User');
    expect(canonicalHeaderName('p-called-party-id')).toBe('P-Called-Party-ID');
    expect(canonicalHeaderName('n')).toBe('Identity-Info');
  });
});
