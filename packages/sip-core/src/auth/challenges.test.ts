import { describe, expect, it } from 'vitest';
import { createRequest, createResponse } from '../message/build.js';
import { seededBytes } from '../testing/seeded-random.js';
import { readChallenge, readChallenges, strongestPerRealm } from './challenges.js';
import { nextAttempt } from './request-copy.js';

describe('reading challenges', () => {
  it('reads the digest parameters; algorithm and qop are case-insensitive, unknown qop values dropped', () => {
    expect(
      readChallenge(
        'www',
        'Digest realm="r", nonce="n", qop="auth-int, Auth, token", algorithm=sha-256, stale=TRUE, userhash=true, opaque="o"',
      ),
    ).toEqual({
      kind: 'www',
      realm: 'r',
      nonce: 'n',
      algorithm: 'SHA-256',
      algorithmGiven: true,
      qop: ['auth-int', 'auth'],
      opaque: 'o',
      stale: true,
      userhash: true,
    });
  });

  it('skips what cannot be answered: other schemes, missing realm or nonce, unknown algorithms or qop, bad syntax', () => {
    for (const v of [
      'Basic realm="r"',
      'Digest nonce="n"',
      'Digest realm="r"',
      'Digest realm="r", nonce="n", algorithm=SHA-1',
      'Digest realm="r", nonce="n", qop="auth-conf"',
      'Digest realm="r" nonce="n"',
      'Digest realm="r, nonce="n"',
    ])
      expect(readChallenge('proxy', v)).toBeUndefined();
  });

  it('reads every WWW-Authenticate and Proxy-Authenticate line and counts the skipped ones', () => {
    const req = createRequest({
      method: 'INVITE',
      uri: 'sip:b@x',
      via: 'SIP/2.0/UDP h;branch=z9hG4bKa',
      from: '<sip:a@x>;tag=1',
      to: '<sip:b@x>',
      callId: 'c',
      cseq: 1,
    });
    const res = createResponse(req, 407, undefined, {
      headers: [
        { name: 'Proxy-Authenticate', value: 'Digest realm="p", nonce="1"' },
        { name: 'Proxy-Authenticate', value: 'Digest realm="p", nonce="1", algorithm=SHA-512-256' },
        { name: 'WWW-Authenticate', value: 'Negotiate' },
      ],
    });
    const set = readChallenges(res);
    expect(set.skipped).toBe(1);
    expect(set.challenges.map((c) => [c.kind, c.algorithm])).toEqual([
      ['proxy', 'MD5'],
      ['proxy', 'SHA-512-256'],
    ]);
    expect(strongestPerRealm(set.challenges).map((c) => c.algorithm)).toEqual(['SHA-512-256']);
  });

  it('nextAttempt keeps lower Vias and other headers, replaces the top branch, adds one to CSeq', () => {
    const req = createRequest({
      method: 'MESSAGE',
      uri: 'sip:b@x',
      via: ['SIP/2.0/TCP h:5070;branch=z9hG4bKtop;rport', 'SIP/2.0/UDP lower;branch=z9hG4bKlow'],
      from: '<sip:a@x>;tag=1',
      to: '<sip:b@x>',
      callId: 'c',
      cseq: 41,
      headers: { Subject: 'hi' },
      body: 'hello',
      contentType: 'text/plain',
    });
    const next = nextAttempt(req, seededBytes(1));
    expect(next.via?.map((v) => v.branch)).toEqual([
      expect.stringMatching(/^z9hG4bK[0-9a-f]{24}$/),
      'z9hG4bKlow',
    ]);
    expect(next.via?.[0]).toMatchObject({ transport: 'TCP', host: 'h', port: 5070, rport: true });
    expect(next.cseq).toEqual({ seq: 42, method: 'MESSAGE' });
    expect(next.header('subject')).toBe('hi');
    expect(next.bodyText).toBe('hello');
    expect(next.requestUri).toBe('sip:b@x');
  });
});
