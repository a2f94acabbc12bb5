import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCredentials } from '../headers/auth.js';
import { createRequest, createResponse } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { seededBytes } from '../testing/seeded-random.js';
import { VirtualClock } from '../time/virtual-clock.js';
import { AuthSession, retryWithCredentials } from './auth-session.js';
import type { CredentialPrompt } from './credential-store.js';
import { AuthError } from './errors.js';
import type { AuthLogger } from './logger.js';
import { DigestVerifier } from './verifier.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

const request = (method = 'REGISTER', body?: string): SipRequest =>
  createRequest({
    method,
    uri: 'sip:example.com',
    via: 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKfirst;rport',
    from: '<sip:alice@example.com>;tag=1',
    to: '<sip:alice@example.com>',
    callId: 'cid-1',
    cseq: 7,
    ...(body === undefined ? {} : { body, contentType: 'application/sdp' }),
  });

const challenge = (req: SipRequest, status: number, ...lines: string[]): SipResponse =>
  createResponse(req, status, undefined, {
    headers: lines.map((value) => ({
      name: status === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate',
      value,
    })),
  });

const params = (req: SipRequest, header = 'authorization'): Record<string, string>[] =>
  req.headers(header).map((l) => {
    const r = parseCredentials(l);
    if (!r.ok) throw new Error(r.error.reason);
    return { ...r.value.params };
  });

const store = { credentials: [{ username: 'alice', password: 'wonderland' }] };

describe('AuthSession.retry', () => {
  it('answers a 401: same Call-ID, CSeq + 1, new branch, Authorization checked by hand', async () => {
    const s = new AuthSession({ store, random: seededBytes(1) });
    const req = request();
    const res = challenge(
      req,
      401,
      'Digest realm="example.com", nonce="n1", qop="auth", opaque="op", algorithm=MD5',
    );
    const next = await s.retry(req, res);
    expect(next.callId).toBe('cid-1');
    expect(next.cseq).toEqual({ seq: 8, method: 'REGISTER' });
    expect(next.via?.[0]?.branch).toMatch(/^z9hG4bK[0-9a-f]{24}$/);
    expect(next.via?.[0]?.branch).not.toBe('z9hG4bKfirst');
    expect(next.via?.[0]?.rport).toBe(true);
    const [p] = params(next);
    expect(p).toMatchObject({ username: 'alice', realm: 'example.com', nonce: 'n1', uri: 'sip:example.com' });
    expect(p?.nc).toBe('00000001');
    expect(p?.qop).toBe('auth');
    expect(p?.opaque).toBe('op');
    expect(p?.algorithm).toBe('MD5');
    const ha1 = md5('alice:example.com:wonderland');
    const ha2 = md5('REGISTER:sip:example.com');
    expect(p?.response).toBe(md5(`${ha1}:n1:00000001:${p?.cnonce}:auth:${ha2}`));
    expect(next.header('authorization')).toMatch(/qop=auth, nc=00000001/);
  });

  it('answers a 407 with Proxy-Authorization, RFC 2069 form without qop', async () => {
    const s = new AuthSession({ store, random: seededBytes(2) });
    const req = request('INVITE');
    const next = await retryWithCredentials(req, challenge(req, 407, 'Digest realm="proxy", nonce="pn"'), s);
    expect(next.hasHeader('authorization')).toBe(false);
    const [p] = params(next, 'proxy-authorization');
    expect(p?.qop).toBeUndefined();
    expect(p?.nc).toBeUndefined();
    expect(p?.cnonce).toBeUndefined();
    expect(p?.algorithm).toBeUndefined();
    const ha1 = md5('alice:proxy:wonderland');
    expect(p?.response).toBe(md5(`${ha1}:pn:${md5('INVITE:sip:example.com')}`));
  });

  it('picks the strongest algorithm per realm and answers every realm with credentials', async () => {
    const s = new AuthSession({
      store: {
        credentials: [
          { realm: 'a.example', username: 'ua', password: 'pa' },
          { realm: 'b.example', username: 'ub', password: 'pb' },
        ],
      },
      random: seededBytes(3),
    });
    const req = request();
    const res = challenge(
      req,
      401,
      'Digest realm="a.example", nonce="x", algorithm=MD5, qop="auth"',
      'Digest realm="a.example", nonce="x", algorithm=SHA-256, qop="auth"',
      'Digest realm="b.example", nonce="y", algorithm=MD5, qop="auth"',
      'Digest realm="c.example", nonce="z", algorithm=MD5, qop="auth"',
      'Digest realm="a.example", nonce="x", algorithm=SHA-1, qop="auth"',
      'Basic realm="a.example"',
    );
    const next = await s.retry(req, res);
    const ps = params(next);
    expect(ps.map((p) => [p.realm, p.algorithm, p.username])).toEqual([
      ['a.example', 'SHA-256', 'ua'],
      ['b.example', 'MD5', 'ub'],
    ]);
  });

  it('several challenges of both kinds at once', async () => {
    const s = new AuthSession({ store, random: seededBytes(4) });
    const req = request('INVITE');
    const res = createResponse(req, 407, undefined, {
      headers: [
        { name: 'Proxy-Authenticate', value: 'Digest realm="p1", nonce="a", qop="auth"' },
        { name: 'WWW-Authenticate', value: 'Digest realm="w1", nonce="b", qop="auth"' },
      ],
    });
    const next = await s.retry(req, res);
    expect(params(next, 'proxy-authorization').map((p) => p.realm)).toEqual(['p1']);
    expect(params(next).map((p) => p.realm)).toEqual(['w1']);
  });

  it('stale=true retries with the new nonce without asking again; nc restarts', async () => {
    const asked: CredentialPrompt[] = [];
    const s = new AuthSession({
      store: {
        ask: async (p) => {
          asked.push(p);
          return { username: 'bob', password: 'pw' };
        },
      },
      random: seededBytes(5),
    });
    const r1 = request();
    const r2 = await s.retry(r1, challenge(r1, 401, 'Digest realm="r", nonce="old", qop="auth"'));
    expect(asked.map((a) => [a.realm, a.rejected])).toEqual([['r', false]]);
    const r3 = await s.retry(r2, challenge(r2, 401, 'Digest realm="r", nonce="new", qop="auth", stale=TRUE'));
    expect(asked).toHaveLength(1);
    const [p] = params(r3);
    expect(p).toMatchObject({ nonce: 'new', nc: '00000001', username: 'bob' });
    expect(r3.cseq?.seq).toBe(9);
  });

  it('gives up when the same realm refuses twice (non-stale), with code rejected', async () => {
    const s = new AuthSession({ store, random: seededBytes(6) });
    const r1 = request();
    const r2 = await s.retry(r1, challenge(r1, 401, 'Digest realm="r", nonce="1", qop="auth"'));
    const r3 = await s.retry(r2, challenge(r2, 401, 'Digest realm="r", nonce="2", qop="auth"'));
    expect(params(r3)[0]?.nonce).toBe('2');
    const err = await s
      .retry(r3, challenge(r3, 401, 'Digest realm="r", nonce="3", qop="auth"'))
      .catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe('rejected');
    expect(err.realm).toBe('r');
    // The refused realm is forgotten: no preemptive credentials afterwards.
    expect(s.authorize(request()).hasHeader('authorization')).toBe(false);
  });

  it('a new nonce after reused ones is an expiry, not a refusal, even without stale=true', async () => {
    let asked = 0;
    const s = new AuthSession({
      store: {
        ask: async () => {
          asked++;
          return { username: 'alice', password: 'wonderland' };
        },
      },
      random: seededBytes(16),
    });
    const r1 = request();
    await s.retry(r1, challenge(r1, 401, 'Digest realm="r", nonce="1", qop="auth"'));
    const refresh = s.authorize(request());
    expect(params(refresh)[0]?.nc).toBe('00000002');
    const r3 = await s.retry(refresh, challenge(refresh, 401, 'Digest realm="r", nonce="2", qop="auth"'));
    expect(asked).toBe(1);
    expect(params(r3)[0]).toMatchObject({ nonce: '2', nc: '00000001' });
    // A refusal of that fresh answer is a refusal (1 of 2): the user is asked again.
    const r4 = await s.retry(r3, challenge(r3, 401, 'Digest realm="r", nonce="3", qop="auth"'));
    expect(asked).toBe(2);
    const err = await s
      .retry(r4, challenge(r4, 401, 'Digest realm="r", nonce="4", qop="auth"'))
      .catch((e) => e);
    expect(err.code).toBe('rejected');
  });

  it('asks the user again after a refusal, telling it so', async () => {
    const asked: boolean[] = [];
    const s = new AuthSession({
      store: {
        credentials: [{ realm: 'r', username: 'alice', password: 'wrong' }],
        ask: async (p) => {
          asked.push(p.rejected);
          return { username: 'alice', password: 'right' };
        },
      },
      random: seededBytes(7),
    });
    const r1 = request();
    const r2 = await s.retry(r1, challenge(r1, 401, 'Digest realm="r", nonce="1"'));
    expect(asked).toEqual([]);
    await s.retry(r2, challenge(r2, 401, 'Digest realm="r", nonce="2"'));
    expect(asked).toEqual([true]);
  });

  it('errors: no credentials, unsupported algorithm, no challenge', async () => {
    const none = new AuthSession({ store: { credentials: [{ realm: 'x', username: 'u', password: 'p' }] } });
    const req = request();
    const codes: string[] = [];
    for (const res of [
      challenge(req, 401, 'Digest realm="y", nonce="1"'),
      challenge(req, 401, 'Digest realm="x", nonce="1", algorithm=SHA-1'),
      challenge(req, 401),
    ]) {
      codes.push(
        await none.retry(req, res).then(
          () => 'ok',
          (e: AuthError) => e.code,
        ),
      );
    }
    expect(codes).toEqual(['no-credentials', 'unsupported', 'bad-challenge']);
  });

  it('preemptive credentials: later requests carry the next nc for the same nonce, old lines replaced', async () => {
    const s = new AuthSession({ store, random: seededBytes(8) });
    const r1 = request();
    const r2 = await s.retry(r1, challenge(r1, 401, 'Digest realm="r", nonce="n", qop="auth"'));
    expect(params(r2)[0]?.nc).toBe('00000001');
    const bye = s.authorize(request('BYE'));
    expect(params(bye).map((p) => p.nc)).toEqual(['00000002']);
    const again = s.authorize(bye);
    expect(params(again).map((p) => p.nc)).toEqual(['00000003']);
    const p = params(again)[0]!;
    const ha1 = md5('alice:r:wonderland');
    expect(p.response).toBe(md5(`${ha1}:n:00000003:${p.cnonce}:auth:${md5('BYE:sip:example.com')}`));
  });

  it('ACK and CANCEL use the INVITE method in the digest', async () => {
    const s = new AuthSession({ store, random: seededBytes(9) });
    const r1 = request('INVITE');
    await s.retry(r1, challenge(r1, 407, 'Digest realm="r", nonce="n"'));
    const ack = s.authorize(request('ACK'));
    const p = params(ack, 'proxy-authorization')[0]!;
    expect(p.response).toBe(md5(`${md5('alice:r:wonderland')}:n:${md5('INVITE:sip:example.com')}`));
  });

  it('auth-int when it is the only qop offered, or preferred', async () => {
    const body = 'v=0\r\n';
    for (const [offer, prefer, expected] of [
      ['auth-int', false, 'auth-int'],
      ['auth,auth-int', false, 'auth'],
      ['auth,auth-int', true, 'auth-int'],
    ] as const) {
      const s = new AuthSession({ store, random: seededBytes(10), preferAuthInt: prefer });
      const r1 = request('INVITE', body);
      const r2 = await s.retry(r1, challenge(r1, 401, `Digest realm="r", nonce="n", qop="${offer}"`));
      const p = params(r2)[0]!;
      expect(p.qop).toBe(expected);
      const a2 = expected === 'auth-int' ? `INVITE:sip:example.com:${md5(body)}` : 'INVITE:sip:example.com';
      expect(p.response).toBe(
        md5(`${md5('alice:r:wonderland')}:n:00000001:${p.cnonce}:${expected}:${md5(a2)}`),
      );
    }
  });

  it('userhash: the username is H(username:realm) and userhash=true', async () => {
    const s = new AuthSession({ store, random: seededBytes(11) });
    const r1 = request();
    const r2 = await s.retry(
      r1,
      challenge(r1, 401, 'Digest realm="r", nonce="n", qop="auth", algorithm=SHA-256, userhash=true'),
    );
    const p = params(r2)[0]!;
    expect(p.userhash).toBe('true');
    expect(p.username).toBe(createHash('sha256').update('alice:r').digest('hex'));
  });

  it('Authentication-Info nextnonce replaces the nonce and restarts nc', async () => {
    const s = new AuthSession({ store, random: seededBytes(12) });
    const r1 = request();
    const r2 = await s.retry(r1, challenge(r1, 401, 'Digest realm="r", nonce="n", qop="auth"'));
    s.observe(
      createResponse(r2, 200, undefined, { headers: { 'Authentication-Info': 'nextnonce="m", qop=auth' } }),
    );
    expect(params(s.authorize(request()))[0]).toMatchObject({ nonce: 'm', nc: '00000001' });
  });

  it('answers are accepted by the DigestVerifier for every algorithm', async () => {
    const clock = new VirtualClock();
    for (const alg of [
      'MD5',
      'MD5-sess',
      'SHA-256',
      'SHA-256-sess',
      'SHA-512-256',
      'SHA-512-256-sess',
    ] as const) {
      const v = new DigestVerifier({
        realm: 'r',
        passwords: new Map([['alice', 'wonderland']]),
        algorithms: [alg],
        qop: ['auth', 'auth-int'],
        opaque: true,
        clock,
        random: seededBytes(13),
      });
      const s = new AuthSession({ store, random: seededBytes(14), preferAuthInt: true });
      const r1 = request('MESSAGE', 'hello');
      expect(v.verify(r1)).toEqual({ ok: false, reason: 'missing' });
      const r2 = await s.retry(r1, challenge(r1, 401, ...v.challenges()));
      expect(v.verify(r2)).toEqual({ ok: true, username: 'alice', nc: 1 });
      expect(v.verify(r2)).toEqual({ ok: false, reason: 'replay' });
      expect(v.verify(s.authorize(r2))).toEqual({ ok: true, username: 'alice', nc: 2 });
    }
  });
});

describe('credentials never reach logs or errors', () => {
  it('captured log output and error messages hold neither the password nor a response hash', async () => {
    const lines: string[] = [];
    const capture =
      (level: string) =>
      (m: string, ...d: unknown[]) => {
        lines.push(`${level} ${m} ${d.map((x) => JSON.stringify(x)).join(' ')}`);
      };
    const logger: AuthLogger = {
      debug: capture('debug'),
      info: capture('info'),
      warn: capture('warn'),
      error: capture('error'),
    };
    const secret = 'S3cr3t-Pa55';
    const s = new AuthSession({
      store: { credentials: [{ username: 'alice', password: secret }] },
      logger,
      random: seededBytes(15),
    });
    const r1 = request();
    const r2 = await s.retry(r1, challenge(r1, 401, 'Digest realm="r", nonce="1", qop="auth"'));
    const r3 = await s.retry(r2, challenge(r2, 401, 'Digest realm="r", nonce="2", qop="auth"'));
    const err = (await s
      .retry(r3, challenge(r3, 401, 'Digest realm="r", nonce="3", qop="auth"'))
      .catch((e: unknown) => e)) as AuthError;
    const responses = [r2, r3].map((r) => params(r)[0]!.response!);
    const text = [...lines, err.message, String(err), JSON.stringify(err)].join('\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(text).not.toContain(secret);
    for (const r of responses) expect(text).not.toContain(r);
    expect(text).toContain('"r"');
  });
});
