import { describe, expect, it } from 'vitest';
import { createRequest, createResponse } from '../message/build.js';
import { withHeader } from '../message/copies.js';
import type { SipRequest } from '../message/sip-message.js';
import { seededBytes } from '../testing/seeded-random.js';
import { VirtualClock } from '../time/virtual-clock.js';
import { AuthSession } from './auth-session.js';
import { DigestVerifier, type DigestVerifierOptions } from './verifier.js';

const request = (uri = 'sip:example.com'): SipRequest =>
  createRequest({
    method: 'REGISTER',
    uri,
    via: 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKv',
    from: '<sip:alice@example.com>;tag=1',
    to: '<sip:alice@example.com>',
    callId: 'v-1',
    cseq: 1,
  });

async function answered(o: Partial<DigestVerifierOptions> = {}, password = 'pw') {
  const clock = new VirtualClock();
  const v = new DigestVerifier({
    realm: 'r',
    passwords: new Map([['alice', 'pw']]),
    clock,
    random: seededBytes(21),
    ...o,
  });
  const s = new AuthSession({
    store: { credentials: [{ username: 'alice', password }] },
    random: seededBytes(22),
  });
  const r1 = request();
  const res = createResponse(r1, v.challengeStatus, undefined, {
    headers: v.challenges().map((value) => ({ name: v.challengeHeader, value })),
  });
  return { v, clock, s, req: await s.retry(r1, res) };
}

describe('DigestVerifier', () => {
  it('accepts a correct answer and refuses a wrong password', async () => {
    const a = await answered();
    expect(a.v.verify(a.req)).toEqual({ ok: true, username: 'alice', nc: 1 });
    const b = await answered({}, 'wrong');
    expect(b.v.verify(b.req)).toEqual({ ok: false, reason: 'bad-response' });
  });

  it('reports a correct answer with an expired nonce as stale, and challenges with stale=true', async () => {
    const a = await answered({ nonceTtlMs: 1000 });
    a.clock.advance(1000);
    expect(a.v.verify(a.req)).toEqual({ ok: false, reason: 'stale' });
    expect(a.v.challenges(true)[0]).toMatch(/stale=true/);
  });

  it('checks the digest-uri against the Request-URI', async () => {
    const a = await answered();
    const moved = createRequest({
      method: 'REGISTER',
      uri: 'sip:other.example.com',
      via: 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKw',
      from: '<sip:alice@example.com>;tag=1',
      to: '<sip:alice@example.com>',
      callId: 'v-1',
      cseq: 2,
      headers: { Authorization: a.req.header('authorization') ?? '' },
    });
    expect(a.v.verify(moved)).toEqual({ ok: false, reason: 'wrong-uri' });
  });

  it('unknown users, unknown nonces, other realms, malformed values', async () => {
    const a = await answered({ passwords: () => undefined });
    expect(a.v.verify(a.req)).toEqual({ ok: false, reason: 'unknown-user' });
    const b = await answered();
    const other = new DigestVerifier({ realm: 'r', passwords: new Map([['alice', 'pw']]) });
    expect(other.verify(b.req)).toEqual({ ok: false, reason: 'unknown-nonce' });
    const c = new DigestVerifier({ realm: 'elsewhere', passwords: new Map() });
    expect(c.verify(b.req)).toEqual({ ok: false, reason: 'wrong-realm' });
    const bad = withHeader(b.req, 'Authorization', 'Digest realm="r", nonce="x"');
    expect(b.v.verify(bad)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('407 with Proxy-Authorization, the RFC 2069 form, userhash and opaque', async () => {
    const a = await answered({
      kind: 'proxy',
      qop: [],
      userhash: true,
      opaque: true,
      algorithms: ['SHA-256'],
    });
    expect(a.req.hasHeader('proxy-authorization')).toBe(true);
    expect(a.req.header('proxy-authorization')).toMatch(/userhash=true/);
    expect(a.req.header('proxy-authorization')).not.toMatch(/qop=/);
    expect(a.v.verify(a.req)).toEqual({ ok: true, username: 'alice', nc: 1 });
  });

  it('a wrong opaque is refused', async () => {
    const a = await answered({ opaque: true });
    const value = (a.req.header('authorization') ?? '').replace(/opaque="[^"]*"/, 'opaque="zz"');
    expect(a.v.verify(withHeader(a.req, 'Authorization', value))).toEqual({
      ok: false,
      reason: 'bad-opaque',
    });
  });

  it('forgets the oldest nonce beyond maxNonces', async () => {
    const a = await answered({ maxNonces: 2 });
    expect(a.v.verify(a.req)).toMatchObject({ ok: true });
    a.v.challenges();
    a.v.challenges();
    expect(a.v.verify(a.s.authorize(a.req))).toEqual({ ok: false, reason: 'unknown-nonce' });
  });
});
