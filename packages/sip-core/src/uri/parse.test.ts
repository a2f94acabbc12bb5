import { describe, expect, it } from 'vitest';
import { formatUri, isSipUri, isTelUri, uriHeader, uriParam } from './format.js';
import { parseUri, parseUriAt } from './parse.js';
import type { SipUri, TelUri } from './types.js';

const sip = (text: string): SipUri => {
  const r = parseUri(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.reason}`);
  if (!isSipUri(r.value)) throw new Error(`${text}: not a SIP URI`);
  return r.value;
};

describe('parseUri: SIP URIs', () => {
  // Values from RFC 4475 (file in the comment) and RFC 5118 request lines and headers.
  const valid: [string, Partial<SipUri>][] = [
    ['sip:alice@atlanta.com', { user: 'alice', host: 'atlanta.com' }],
    ['sip:vivekg@chair-dnrc.example.com;unknownparam', { user: 'vivekg', host: 'chair-dnrc.example.com' }], // wsinv
    ['sip:sips%3Auser%40example.com@example.net', { user: 'sips%3Auser%40example.com', host: 'example.net' }], // esc01
    ['sip:%75se%72@example.com', { user: '%75se%72' }], // esc01
    ['sip:I%20have%20spaces@example.net', { user: 'I%20have%20spaces' }], // esc01
    ['sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31', { user: 'cal%6Cer' }], // esc01
    ['sip:null-%00-null@example.com', { user: 'null-%00-null' }], // escnull
    ['sip:%00%00@host5.example.com', { user: '%00%00' }], // escnull
    ['sip:user;par=u%40example.net@example.com', { user: 'user;par=u%40example.net', host: 'example.com' }], // semiuri
    [
      "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
      {
        user: "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*",
        password: "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)",
        host: 'example.com',
      },
    ], // intmeth
    [
      'sip:user@example.com?Route=%3Csip:example.com%3E',
      { headers: [{ name: 'Route', value: '%3Csip:example.com%3E' }] },
    ], // escruri
    ['sip:user@example.com:6000;unknownparam1=verylongvalue;name=shortvalue;NoValue', { port: 6000 }], // longreq
    ['sip:127.0.0.1:5080', { host: '127.0.0.1', port: 5080, user: undefined }], // mpart01
    ['sip:+19725552222@gw1.example.net;unknownparam', { user: '+19725552222' }], // cparam02
    ['sip:+13035551111@ift.client.example.net;user=phone', { user: '+13035551111' }], // inv2543
    ['sip:UserB@example.com;maddr=ss1.example.com', { host: 'example.com' }], // inv2543
    ['sip:services.example.com;lr;unknownwith=value;unknown-no-value', { host: 'services.example.com' }], // wsinv
    ['sip:[2001:db8::10]', { host: '[2001:db8::10]', port: undefined }], // ipv6-good
    ['sip:caller@[2001:db8::1]', { host: '[2001:db8::1]' }],
    ['sip:[2001:db8::10:5070]', { host: '[2001:db8::10:5070]', port: undefined }], // port-ambiguous
    ['sip:[2001:db8::10]:5070', { host: '[2001:db8::10]', port: 5070 }], // port-unambiguous
    ['sip:user@[2001:db8:::192.0.2.1]', { host: '[2001:db8:::192.0.2.1]' }], // RFC 5118 4.10, tolerated
    ['sip:user@[2001:db8::192.0.2.1]', { host: '[2001:db8::192.0.2.1]' }],
    ['sip:ted@[::ffff:192.0.2.2]', { host: '[::ffff:192.0.2.2]' }], // ipv4-mapped
    ['sip:[::1]', { host: '[::1]' }],
    ['sip:[1:2:3:4:5:6:7:8]:1', { host: '[1:2:3:4:5:6:7:8]', port: 1 }],
    ['sips:bob:secret@biloxi.com:5061;transport=tls', { scheme: 'sips', password: 'secret', port: 5061 }],
    ['sip:alice:@atlanta.com', { user: 'alice', password: '' }],
    ['sip:example.com.', { host: 'example.com.' }],
    ['sip:host_with_underscore.example.com', { host: 'host_with_underscore.example.com' }],
    ['sip:h:0', { port: 0 }],
    ['sip:h:65535', { port: 65535 }],
    ['sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com', { host: 'biloxi.com' }],
    ['sip:a@b?subject=project%20x&priority=urgent&empty=', {}],
    ['sip:bob@b.example?Replaces=12345@h%3Bto-tag%3Da%3Bfrom-tag%3Db', { user: 'bob', host: 'b.example' }], // unescaped @ after the userinfo
  ];
  it.each(valid)('accepts %s and formats it back exactly', (text, expected) => {
    const u = sip(text);
    expect(u).toMatchObject(expected);
    expect(formatUri(u)).toBe(text);
  });

  it('lower-cases the scheme but keeps other case (SIP:ALICE@AtLanTa.CoM)', () => {
    const u = sip('SIP:ALICE@AtLanTa.CoM;Transport=udp');
    expect(u).toMatchObject({ scheme: 'sip', user: 'ALICE', host: 'AtLanTa.CoM' });
    expect(uriParam(u, 'transport')).toBe('udp');
  });

  it('gives parameters as name/value with flags and absent ones told apart', () => {
    const u = sip('sip:services.example.com;lr;unknownwith=value');
    expect(uriParam(u, 'LR')).toBeUndefined();
    expect(uriParam(u, 'unknownwith')).toBe('value');
    expect(uriParam(u, 'transport')).toBeNull();
    expect(uriHeader(sip('sip:a@b?Replaces=x%40y'), 'replaces')).toBe('x%40y');
  });

  const invalid: [string, string][] = [
    ['sip:2001:db8::10', 'IPv6 address without brackets'], // RFC 5118 ipv6-bad
    ['sip:user@2001:db8::10', 'IPv6 address without brackets'],
    ['sip:user@example.com; lr', 'invalid character in URI parameter'], // lwsruri
    ['sip:user@example.com ', 'invalid character in URI'],
    [' sip:user@example.com', 'missing URI scheme'],
    ['sip:a b@c', 'invalid character in user part'],
    ['sip:h:65536', 'bad port'],
    ['sip:h:99999999999999999999', 'bad port'],
    ['sip:h:', 'bad port'],
    ['sip:h:5o60', 'invalid character in URI'],
    ['sip:', 'empty or bad host'],
    ['sip:user@', 'empty or bad host'],
    ['sip:@example.com', 'empty user part'],
    ['sip:%zz@h', 'bad escape in user part'],
    ['sip:a%2@h', 'bad escape in user part'],
    ['sip:a:p%g1@h', 'bad escape in password'],
    ['sip:h;a=%4', 'bad escape in URI parameter'],
    ['sip:h;=x', 'invalid character in URI parameter'],
    ['sip:h;;lr', 'invalid character in URI parameter'],
    ['sip:h;a=', 'invalid character in URI parameter'],
    ['sip:h?x', 'URI header without "="'],
    ['sip:h?=v', 'invalid character in URI header'],
    ['sip:h?a=%zz', 'bad escape in URI'],
    ['sip:[2001:db8::10', 'bad IPv6 reference'],
    ['sip:[2001:db8::1::2]', 'bad IPv6 reference'],
    ['sip:[1:2:3:4:5:6:7:8:9]', 'bad IPv6 reference'],
    ['sip:[12345::1]', 'bad IPv6 reference'],
    ['sip:[::ffff:192.0.2.256]', 'bad IPv6 reference'],
    ['sip:256.1.1.1', 'bad host'],
    ['sip:1.2.3', 'bad host'],
    ['sip:-bad.example.com', 'bad host'],
    ['sip:bad-.example.com', 'bad host'],
    ['sip:a..b', 'bad host'],
    ['sip:<sip:user@example.com>', 'invalid character in user part'], // ltgtruri, inner text
    ['sip:user@exa mple.com', 'invalid character in URI'],
    ['sip:user@host\u00e9.com', 'invalid character in URI'],
  ];
  it.each(invalid)('rejects %s (%s)', (text, reason) => {
    const r = parseUri(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.reason).toBe(reason);
      expect(['bad-uri', 'out-of-range']).toContain(r.error.code);
      expect(r.error.offset).toBeGreaterThanOrEqual(0);
      expect(r.error.offset).toBeLessThanOrEqual(text.length);
    }
  });

  it('reports out-of-range for a numeric port above 65535', () => {
    const r = parseUri('sip:h:70000');
    expect(r.ok ? '' : r.error.code).toBe('out-of-range');
  });
});

describe('parseUri: tel URIs (RFC 3966)', () => {
  const valid: [string, Partial<TelUri>][] = [
    ['tel:+1-201-555-0123', { number: '+1-201-555-0123' }],
    ['tel:7042;phone-context=example.com', { number: '7042' }],
    ['tel:863-1234;phone-context=+1-914-555', { number: '863-1234' }],
    ['tel:+358-555-1234567;postd=pp22', { number: '+358-555-1234567' }],
    ['tel:+1(201)555.0123;ext=1234;isub=12%20ab', {}],
    ['tel:*21#;phone-context=example.com', { number: '*21#' }],
    ['tel:1234', { number: '1234' }],
    ['TEL:+49', { scheme: 'tel' }],
  ];
  it.each(valid)('accepts %s', (text, expected) => {
    const r = parseUri(text);
    expect(r.ok && isTelUri(r.value)).toBe(true);
    if (r.ok) {
      expect(r.value).toMatchObject(expected);
      if (text.startsWith('tel')) expect(formatUri(r.value)).toBe(text);
    }
  });

  it('gives tel parameters through uriParam', () => {
    const r = parseUri('tel:7042;phone-context=example.com;ext=22');
    if (!r.ok || !isTelUri(r.value)) throw new Error('parse');
    expect(uriParam(r.value, 'phone-context')).toBe('example.com');
    expect(uriParam(r.value, 'EXT')).toBe('22');
  });

  it.each([
    'tel:',
    'tel:+',
    'tel:+-',
    'tel:+12a',
    'tel:12 34',
    'tel:123;',
    'tel:123;=x',
    'tel:123;a=',
    'tel:123;a_b=1',
  ])('rejects %s', (text) => {
    expect(parseUri(text).ok).toBe(false);
  });
});

describe('parseUri: other schemes', () => {
  // RFC 4475 unkscm, novelsc, unksm2.
  it.each([
    ['nobodyKnowsThisScheme:totallyopaquecontent', 'nobodyKnowsThisScheme', 'totallyopaquecontent'],
    ['soap.beep://192.0.2.103:3002', 'soap.beep', '//192.0.2.103:3002'],
    ['isbn:2983792873', 'isbn', '2983792873'],
    ['http://www.example.com', 'http', '//www.example.com'],
    ['name:John_Smith', 'name', 'John_Smith'],
    ['im:alice@example.com', 'im', 'alice@example.com'],
    ['mailto:a@b.example', 'mailto', 'a@b.example'],
    ['urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6', 'urn', 'uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6'],
  ])('keeps %s opaque', (text, scheme, opaque) => {
    const r = parseUri(text);
    expect(r.ok && r.value).toEqual({ scheme, opaque });
    if (r.ok) expect(formatUri(r.value)).toBe(text);
  });

  it.each(['', ':x', '1ab:x', 'a b:x', 'abc', 'x:', 'x:a b', 'x:<a>', 'x:"q"', 'x:a\u0000'])(
    'rejects %j',
    (text) => {
      expect(parseUri(text).ok).toBe(false);
    },
  );
});

describe('parseUriAt', () => {
  it('parses a URI inside a larger text and reports offsets in that text', () => {
    const text = 'To: <sip:bob@biloxi.example.com;transport=tcp>;tag=x';
    const r = parseUriAt(text, 5, text.indexOf('>'));
    expect(r.ok && formatUri(r.value)).toBe('sip:bob@biloxi.example.com;transport=tcp');
    const bad = 'x <sip:bob@bil oxi.example.com>';
    const e = parseUriAt(bad, 3, bad.length - 1);
    expect(e.ok ? -1 : e.error.offset).toBe(14);
    const tel = 'x tel:+1234;ext=5 y';
    const t = parseUriAt(tel, 2, 17);
    expect(t.ok && formatUri(t.value)).toBe('tel:+1234;ext=5');
  });
});
