import { createDefaultRegistry } from '@twinkle/codecs';
import { formatNameAddr } from '@twinkle/sip-core';
import { describe, expect, it } from 'vitest';
import { outgoingRequest } from './outgoing.js';
import { testProfile } from './phone.test.util.js';
import { ProfileState } from './profile-state.js';

const profile = (changes: Parameters<typeof testProfile>[1] = {}) =>
  new ProfileState(testProfile('alice', { userDomain: 'example.com', ...changes }), createDefaultRegistry());

describe('outgoingRequest', () => {
  it('expands a bare user into the profile domain, From with the display name', () => {
    const o = outgoingRequest(profile(), 'bob', {});
    expect(o.target).toBe('sip:bob@example.com');
    expect(o.to).toBe('<sip:bob@example.com>');
    expect(o.from).toBe('"Alice" <sip:alice@example.com>');
    expect(o.fromParts).toEqual({ display: 'Alice', uri: 'sip:alice@example.com' });
    expect(o.headers).toEqual([]);
    expect(o.routeSet).toBeUndefined();
  });

  it('keeps a typed display name, cleans phone numbers and applies number_conversion', () => {
    expect(outgoingRequest(profile(), '"Bob B." <sip:bob@example.org>', {}).to).toBe(
      '"Bob B." <sip:bob@example.org>',
    );
    const p = profile({ numberConversion: [{ pattern: '0(\\d+)', format: '+31$1' }] });
    expect(outgoingRequest(p, '020-123 45', {}).target).toBe('sip:+312012345@example.com');
  });

  it('hides the identity (RFC 3323) and carries Subject', () => {
    const o = outgoingRequest(profile(), 'sip:bob@example.org', {
      hideIdentity: true,
      subject: 'hi',
      display: 'B',
    });
    expect(o.from).toBe('"Anonymous" <sip:anonymous@anonymous.invalid>');
    expect(o.to).toBe('"B" <sip:bob@example.org>');
    expect(o.headers).toEqual([
      ['Subject', 'hi'],
      ['Privacy', 'id'],
    ]);
  });

  it('routes through the profile outbound proxy, with TCP when sip_transport says so', () => {
    const o = outgoingRequest(
      profile({ outboundProxy: 'proxy.example.com', sipTransport: 'tcp' }),
      'bob',
      {},
    );
    expect(o.routeSet?.map((r) => formatNameAddr(r))).toEqual(['<sip:proxy.example.com;transport=tcp;lr>']);
  });

  it('refuses what is no address', () => {
    expect(() => outgoingRequest(profile(), '   ', {})).toThrow(/not a SIP address/);
  });
});
