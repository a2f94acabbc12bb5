import { describe, expect, it } from 'vitest';
import {
  formatChallenge,
  formatCredentials,
  parseAuthenticationInfo,
  parseChallenge,
  parseCredentials,
} from './auth.js';

describe('parseChallenge / parseCredentials', () => {
  it('parses a Digest challenge with quoted values holding commas (RFC 3261 section 22.4)', () => {
    const r = parseChallenge(
      'Digest realm="atlanta.com",\r\n        domain="sip:boxesbybob.com", qop="auth,auth-int",\r\n        nonce="f84f1cec41e6cbe5aea9c8e88d359",\r\n        opaque="", stale=FALSE, algorithm=MD5',
    );
    expect(r).toEqual({
      ok: true,
      value: {
        scheme: 'Digest',
        params: {
          realm: 'atlanta.com',
          domain: 'sip:boxesbybob.com',
          qop: 'auth,auth-int',
          nonce: 'f84f1cec41e6cbe5aea9c8e88d359',
          opaque: '',
          stale: 'FALSE',
          algorithm: 'MD5',
        },
      },
    });
  });

  it('parses Digest credentials (RFC 7616 SHA-256) and lower-cases names', () => {
    const r = parseCredentials(
      'Digest Username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", algorithm=SHA-256, userhash=false',
    );
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.params.username).toBe('bob');
    expect(r.value.params.nc).toBe('00000001');
    expect(r.value.params.algorithm).toBe('SHA-256');
  });

  it('accepts unknown schemes generically (RFC 4475 regaut01)', () => {
    expect(parseCredentials('NoOneKnowsThisScheme opaque-data=here')).toEqual({
      ok: true,
      value: { scheme: 'NoOneKnowsThisScheme', params: { 'opaque-data': 'here' } },
    });
  });

  it('keeps quoted-pairs and odd names as plain entries', () => {
    const r = parseChallenge('Digest realm="a \\"b\\" c", __proto__="x", nonce=abc/def==');
    expect(r.ok && r.value.params.realm).toBe('a "b" c');
    expect(r.ok && Object.entries(r.value.params)).toContainEqual(['__proto__', 'x']);
    expect(r.ok && r.value.params.nonce).toBe('abc/def==');
  });

  it.each([
    '',
    'Digest realm',
    'Digest realm=',
    'Digest realm="open',
    'Digest realm="a" nonce="b"',
    'Digest realm="a",',
    'Digest realm="a", realm="b"',
    'Digestrealm="a"',
    'Digest ="a"',
  ])('rejects %j', (text) => {
    expect(parseChallenge(text).ok).toBe(false);
  });
});

describe('formatChallenge / formatCredentials', () => {
  it('quotes where the Digest grammar requires and leaves tokens bare', () => {
    expect(
      formatChallenge({
        scheme: 'Digest',
        params: { realm: 'atlanta.com', qop: 'auth', nonce: 'abc', stale: 'FALSE', algorithm: 'MD5' },
      }),
    ).toBe('Digest realm="atlanta.com", qop="auth", nonce="abc", stale=FALSE, algorithm=MD5');
    expect(
      formatCredentials({
        scheme: 'Digest',
        params: {
          username: 'bob',
          uri: 'sip:b',
          qop: 'auth',
          nc: '00000001',
          response: 'x"y',
          algorithm: 'MD5',
        },
      }),
    ).toBe('Digest username="bob", uri="sip:b", qop=auth, nc=00000001, response="x\\"y", algorithm=MD5');
  });

  it('round-trips through the parser', () => {
    const c = { scheme: 'Digest', params: { realm: 'a, b', nonce: 'n', opaque: '', algorithm: 'SHA-256' } };
    const r = parseChallenge(formatChallenge(c));
    expect(r.ok && { ...r.value, params: { ...r.value.params } }).toEqual(c);
    expect(formatCredentials({ scheme: 'Other', params: { a: 'tok', b: 'two words' } })).toBe(
      'Other a=tok, b="two words"',
    );
  });
});

describe('parseAuthenticationInfo', () => {
  it('parses auth-params without a scheme', () => {
    const r = parseAuthenticationInfo(
      'nextnonce="47364c23432d2e131a5fb210812c", qop=auth, rspauth="6629fae4", cnonce="0a4f113b", nc=00000001',
    );
    expect(r.ok && { ...r.value }).toEqual({
      nextnonce: '47364c23432d2e131a5fb210812c',
      qop: 'auth',
      rspauth: '6629fae4',
      cnonce: '0a4f113b',
      nc: '00000001',
    });
    for (const bad of ['', 'nextnonce', 'a="x" b="y"', 'a=1,'])
      expect(parseAuthenticationInfo(bad).ok).toBe(false);
  });
});
