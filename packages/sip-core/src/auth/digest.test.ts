import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIGEST_ALGORITHMS, digestAlgorithm, digestHash } from './algorithms.js';
import { digestResponse, digestUserhash, formatNc } from './digest.js';

/** An independent H() straight from node:crypto, for hand computations. */
const h = (alg: string, s: string | Uint8Array): string => createHash(alg).update(s).digest('hex');

describe('digest vectors', () => {
  it('RFC 2617 section 3.5 (MD5, qop auth)', () => {
    expect(
      digestResponse({
        algorithm: 'MD5',
        username: 'Mufasa',
        realm: 'testrealm@host.com',
        password: 'Circle Of Life',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        qop: 'auth',
        nc: 1,
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  const rfc7616 = {
    username: 'Mufasa',
    realm: 'http-auth@example.org',
    password: 'Circle of Life',
    method: 'GET',
    uri: '/dir/index.html',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    qop: 'auth',
    nc: 1,
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  } as const;

  it('RFC 7616 section 3.9.1 with MD5', () => {
    expect(digestResponse({ ...rfc7616, algorithm: 'MD5' })).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('RFC 7616 section 3.9.1 with SHA-256', () => {
    expect(digestResponse({ ...rfc7616, algorithm: 'SHA-256' })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('SHA-512-256 against a vector made with openssl', () => {
    // Precomputed once with OpenSSL 3.0 (`printf %s TEXT | openssl dgst -sha512-256`):
    //   HA1 = H("Mufasa:http-auth@example.org:Circle of Life")
    //   HA2 = H("GET:/dir/index.html")
    //   response = H(HA1 ":" nonce ":00000001:" cnonce ":auth:" HA2)
    expect(digestHash('SHA-512-256', 'abc')).toBe(
      '53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23',
    );
    expect(digestResponse({ ...rfc7616, algorithm: 'SHA-512-256' })).toBe(SHA512_256_RESPONSE);
  });

  it('MD5-sess matches a hand computation', () => {
    const i = { ...rfc7616, algorithm: 'MD5-sess' as const };
    const ha1 = h('md5', `${h('md5', 'Mufasa:http-auth@example.org:Circle of Life')}:${i.nonce}:${i.cnonce}`);
    const ha2 = h('md5', 'GET:/dir/index.html');
    expect(digestResponse(i)).toBe(h('md5', `${ha1}:${i.nonce}:00000001:${i.cnonce}:auth:${ha2}`));
  });

  it('SHA-256-sess and SHA-512-256-sess match hand computations', () => {
    for (const [alg, node] of [
      ['SHA-256-sess', 'sha256'],
      ['SHA-512-256-sess', 'sha512-256'],
    ] as const) {
      const i = { ...rfc7616, algorithm: alg, nc: 0x1f };
      const ha1 = h(node, `${h(node, 'Mufasa:http-auth@example.org:Circle of Life')}:${i.nonce}:${i.cnonce}`);
      const ha2 = h(node, 'GET:/dir/index.html');
      expect(digestResponse(i)).toBe(h(node, `${ha1}:${i.nonce}:0000001f:${i.cnonce}:auth:${ha2}`));
    }
  });

  it('auth-int hashes the body into A2', () => {
    const body = new TextEncoder().encode('v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n');
    const i = {
      algorithm: 'MD5' as const,
      username: 'alice',
      realm: 'atlanta.example.com',
      password: 'secret',
      method: 'INVITE',
      uri: 'sip:bob@biloxi.example.com',
      nonce: 'abc123',
      qop: 'auth-int' as const,
      nc: 2,
      cnonce: 'c0ffee',
      body,
    };
    const ha1 = h('md5', 'alice:atlanta.example.com:secret');
    const ha2 = h('md5', `INVITE:sip:bob@biloxi.example.com:${h('md5', body)}`);
    expect(digestResponse(i)).toBe(h('md5', `${ha1}:abc123:00000002:c0ffee:auth-int:${ha2}`));
    // An empty body is H("") (RFC 7616 3.4.3), and differs from the body above.
    const empty = digestResponse({ ...i, body: new Uint8Array(0) });
    const ha2e = h('md5', `INVITE:sip:bob@biloxi.example.com:${h('md5', '')}`);
    expect(empty).toBe(h('md5', `${ha1}:abc123:00000002:c0ffee:auth-int:${ha2e}`));
  });

  it('RFC 2069 form without qop', () => {
    const i = {
      algorithm: 'MD5' as const,
      username: 'bob',
      realm: 'biloxi.com',
      password: 'zanzibar',
      method: 'REGISTER',
      uri: 'sip:biloxi.com',
      nonce: 'ea9c8e88df84f1cec4341ae6cbe5a359',
    };
    const ha1 = h('md5', 'bob:biloxi.com:zanzibar');
    const ha2 = h('md5', 'REGISTER:sip:biloxi.com');
    expect(digestResponse(i)).toBe(h('md5', `${ha1}:ea9c8e88df84f1cec4341ae6cbe5a359:${ha2}`));
  });

  it('userhash is H(username:realm)', () => {
    expect(digestUserhash('SHA-256', 'Mufasa', 'r')).toBe(h('sha256', 'Mufasa:r'));
  });

  it('nonce counts are 8 hex digits', () => {
    expect(formatNc(1)).toBe('00000001');
    expect(formatNc(255)).toBe('000000ff');
    expect(formatNc(0x12345678)).toBe('12345678');
  });

  it('algorithm names are case-insensitive; absent means MD5; unknown is undefined', () => {
    expect(digestAlgorithm(undefined)).toBe('MD5');
    expect(digestAlgorithm('sha-512-256-SESS')).toBe('SHA-512-256-sess');
    expect(digestAlgorithm('SHA-1')).toBeUndefined();
    expect(DIGEST_ALGORITHMS[0]).toBe('SHA-512-256');
  });
});

const SHA512_256_RESPONSE = '430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0';
