/**
 * Privacy (RFC 3323, RFC 3325) between phones on 127.0.0.1: call -h with
 * send_p_preferred_id / send_p_asserted_id, and the caller shown from
 * P-Asserted-Identity only when the INVITE came from the trusted proxy.
 */
import { createDefaultRegistry } from '@twinkle/codecs';
import { parseMessage, type SipRequest } from '@twinkle/sip-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from './phone.test.util.js';
import type { PhoneProfile } from './phone-options.js';
import { assertedIdentity, fromTrustedProxy, privacyHeaders } from './privacy.js';
import { ProfileState } from './profile-state.js';
import type { InviteServerSession } from './sip-types.js';

const running: TestPhone[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.phone.quit()));
});

async function phone(name: string, changes: Partial<PhoneProfile> = {}): Promise<TestPhone> {
  const p = await startPhone([testProfile(name, changes)]);
  running.push(p);
  return p;
}

const state = (changes: Partial<PhoneProfile>) =>
  new ProfileState(testProfile('alice', changes), createDefaultRegistry());

function invite(via: string, pai?: string): SipRequest {
  const text = [
    'INVITE sip:bob@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/UDP ${via};branch=z9hG4bK1`,
    'From: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=1',
    'To: <sip:bob@127.0.0.1>',
    'Call-ID: x',
    'CSeq: 1 INVITE',
    ...(pai === undefined ? [] : [`P-Asserted-Identity: ${pai}`]),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const r = parseMessage(text);
  if (!r.ok || r.message.kind !== 'request') throw new Error('bad test message');
  return r.message;
}

describe('privacy headers and trust', () => {
  it('hiding adds Privacy: id, and the identity headers the profile asks for', () => {
    expect(privacyHeaders(state({}), false)).toEqual([]);
    expect(privacyHeaders(state({}), true)).toEqual([['Privacy', 'id']]);
    expect(privacyHeaders(state({ sendPPreferredId: true, sendPAssertedId: true }), true)).toEqual([
      ['Privacy', 'id'],
      ['P-Preferred-Identity', '"Alice" <sip:alice@127.0.0.1>'],
      ['P-Asserted-Identity', '"Alice" <sip:alice@127.0.0.1>'],
    ]);
  });

  it('trusts the last hop only when it is the outbound proxy (else the registrar)', () => {
    const viaProxy = invite('192.0.2.5:5070', '"Real Name" <sip:real@example.com>, <tel:+15551234>');
    expect(fromTrustedProxy(viaProxy, state({ outboundProxy: '192.0.2.5:5070' }))).toBe(true);
    expect(fromTrustedProxy(viaProxy, state({ outboundProxy: 'sip:192.0.2.5:5070;transport=udp' }))).toBe(
      true,
    );
    expect(fromTrustedProxy(viaProxy, state({ registrar: '192.0.2.5:5070' }))).toBe(true);
    expect(fromTrustedProxy(viaProxy, state({ outboundProxy: '192.0.2.5' }))).toBe(false);
    expect(fromTrustedProxy(viaProxy, state({}))).toBe(false);
    expect(fromTrustedProxy(invite('192.0.2.5'), state({ outboundProxy: '192.0.2.5' }))).toBe(true);
    expect(assertedIdentity(viaProxy)?.displayName).toBe('Real Name');
    expect(assertedIdentity(invite('h', '<tel:+15551234>, <sip:n@h>'))?.uri).toMatchObject({
      scheme: 'sip',
      user: 'n',
    });
    expect(assertedIdentity(invite('h', 'not an address <'))).toBeUndefined();
    expect(assertedIdentity(invite('h'))).toBeUndefined();
  });
});

describe('calls with a hidden identity', () => {
  it('call -h with send_p_preferred_id: anonymous From, Privacy: id, P-Preferred-Identity', async () => {
    const a = await phone('alice', { sendPPreferredId: true });
    const b = await phone('bob');
    await a.phone.call(b.uri('bob'), { hideIdentity: true });
    const incoming = await b.waitFor('incoming-call');
    expect(incoming.from).toBe('"Anonymous" <sip:anonymous@anonymous.invalid>');
    const req = (b.phone.callOn(1)!.session as InviteServerSession).request;
    expect(req.header('privacy')).toBe('id');
    expect(req.header('p-preferred-identity')).toBe('"Alice" <sip:alice@127.0.0.1>');
    expect(req.header('p-asserted-identity')).toBeUndefined();
    // Untrusted sender: the asserted identity would not be shown anyway.
    expect(incoming.asserted).toBeUndefined();
  });

  it('a callee whose trusted proxy asserts the identity shows it instead of the anonymous From', async () => {
    const a = await phone('alice', { sendPAssertedId: true });
    const port = a.phone.ua.transport.localAddress('udp')!.port;
    const b = await phone('bob', { outboundProxy: `127.0.0.1:${port}` });
    await a.phone.call(b.uri('bob'), { hideIdentity: true });
    const incoming = await b.waitFor('incoming-call');
    expect(incoming.from).toBe('"Alice" <sip:alice@127.0.0.1>');
    expect(incoming.asserted).toBe(true);
    expect(b.phone.callOn(1)!.peer).toBe('sip:alice@127.0.0.1');
  });

  it('without -h no identity header is sent', async () => {
    const a = await phone('alice', { sendPPreferredId: true, sendPAssertedId: true });
    const b = await phone('bob');
    await a.phone.call(b.uri('bob'));
    await b.waitFor('incoming-call');
    const req = (b.phone.callOn(1)!.session as InviteServerSession).request;
    expect(req.header('privacy')).toBeUndefined();
    expect(req.header('p-preferred-identity')).toBeUndefined();
    expect(req.header('p-asserted-identity')).toBeUndefined();
  });
});
