import { describe, expect, it } from 'vitest';
import { sipUri, telUri } from './build.js';
import { uriEquals } from './equals.js';
import { formatUri } from './format.js';
import { parseUri } from './parse.js';

describe('URI builders', () => {
  it('builds a canonical SIP URI that parses back to an equal one', () => {
    const u = sipUri({
      user: 'alice smith',
      host: 'atlanta.com',
      port: 5070,
      params: { transport: 'tcp', lr: true },
      headers: { Subject: 'project x' },
    });
    const text = formatUri(u);
    expect(text).toBe('sip:alice%20smith@atlanta.com:5070;transport=tcp;lr?Subject=project%20x');
    const back = parseUri(text);
    expect(back.ok && uriEquals(back.value, u)).toBe(true);
  });

  it('brackets IPv6 hosts and makes sips URIs', () => {
    expect(formatUri(sipUri({ host: '2001:db8::1', secure: true }))).toBe('sips:[2001:db8::1]');
    expect(formatUri(sipUri({ host: '[::1]', port: 5060 }))).toBe('sip:[::1]:5060');
  });

  it('keeps user-unreserved characters and escapes the rest', () => {
    expect(formatUri(sipUri({ user: '+4930;npdi', host: 'h' }))).toBe('sip:+4930;npdi@h');
    expect(formatUri(sipUri({ user: 'a@b%c', host: 'h' }))).toBe('sip:a%40b%25c@h');
    expect(formatUri(sipUri({ user: 'jörg', host: 'h' }))).toBe('sip:j%C3%B6rg@h');
  });

  it('escapes the embedded Replaces header of a Refer-To (RFC 3891 section 7.1)', () => {
    const u = sipUri({
      user: 'bob',
      host: 'b.example',
      headers: { Replaces: '12345@h;to-tag=a;from-tag=b' },
    });
    expect(formatUri(u)).toBe('sip:bob@b.example?Replaces=12345%40h%3Bto-tag%3Da%3Bfrom-tag%3Db');
  });

  it.each([
    [{ host: '' }],
    [{ host: 'bad host' }],
    [{ host: '1::2::3' }],
    [{ host: 'h', port: 70000 }],
    [{ host: 'h', port: 1.5 }],
    [{ host: 'h', user: '' }],
    [{ host: 'h', params: { '': 'x' } }],
  ])('throws on impossible values %j', (init) => {
    expect(() => sipUri(init)).toThrow(TypeError);
  });

  it('builds tel URIs and rejects bad numbers', () => {
    expect(formatUri(telUri({ number: '+1-201-555-0123', params: { ext: '12' } }))).toBe(
      'tel:+1-201-555-0123;ext=12',
    );
    expect(formatUri(telUri({ number: '7042', params: { 'phone-context': 'example.com' } }))).toBe(
      'tel:7042;phone-context=example.com',
    );
    expect(() => telUri({ number: 'abc xyz' })).toThrow(TypeError);
  });
});
