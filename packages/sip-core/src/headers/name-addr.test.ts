import { describe, expect, it } from 'vitest';
import { formatUri } from '../uri/format.js';
import { parseFromTo, parseNameAddr, parseNameAddrList } from './name-addr.js';
import { formatFromTo, formatNameAddr } from './name-addr-format.js';

describe('parseNameAddr / parseFromTo', () => {
  // [header value, display name, URI text, bracketed, tag]. Values from RFC 4475 / RFC 5118 messages.
  const valid: [string, string | undefined, string, boolean, string | undefined][] = [
    [
      '"Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423',
      'Bell, Alexander',
      'sip:a.g.bell@example.com',
      true,
      '433423',
    ], // badaspec From
    ['sip:user@example.com', undefined, 'sip:user@example.com', false, undefined],
    ['sip:caller@example.org;tag=33242', undefined, 'sip:caller@example.org', false, '33242'],
    [
      'sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n',
      undefined,
      'sip:vivekg@chair-dnrc.example.com',
      false,
      '1918181833n',
    ], // wsinv To
    [
      '"J Rosenberg \\\\\\""       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8',
      'J Rosenberg \\"',
      'sip:jdrosen@example.com',
      true,
      '98asjd8',
    ], // wsinv from, folding kept as white space
    [
      '"J Rosenberg \\\\\\""       <sip:jdrosen@example.com>   ;   tag = 98asjd8',
      'J Rosenberg \\"',
      'sip:jdrosen@example.com',
      true,
      '98asjd8',
    ],
    [
      '"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f" <sip:1_unusual.URI~(to-be!sure)&isn\'t+it$/crazy?,/;;*@example.com>',
      'BEL:\u0007 NUL:\u0000 DEL:\u007f',
      "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com",
      true,
      undefined,
    ], // intmeth To
    [
      "token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\";tag=_token~1'+`*%!-.",
      "token1~` token2'+_ token3*%!.-",
      'sip:mundane@example.com',
      true,
      "_token~1'+`*%!-.",
    ], // intmeth From
    [
      '<sip:I%20have%20spaces@example.net>;tag=938',
      undefined,
      'sip:I%20have%20spaces@example.net',
      true,
      '938',
    ], // esc01
    ['sip:%75se%72@example.com', undefined, 'sip:%75se%72@example.com', false, undefined], // esc01
    [
      '"%Z%45" <sip:resource@example.com>;tag=f232jadfj23',
      '%Z%45',
      'sip:resource@example.com',
      true,
      'f232jadfj23',
    ], // esc02
    [
      'sip:null-%00-null@example.com;tag=839923423',
      undefined,
      'sip:null-%00-null@example.com',
      false,
      '839923423',
    ], // escnull
    ['caller<sip:caller@example.com>;tag=323', 'caller', 'sip:caller@example.com', true, '323'], // lwsdisp
    ['"caller"<sip:caller@example.com>;tag=323', 'caller', 'sip:caller@example.com', true, '323'], // lwsdisp, quoted form
    [
      'A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe',
      'A. Bell',
      'sip:a.g.bell@example.com',
      true,
      'qweoiqpe',
    ], // badvers
    ['T. Watson <sip:t.watson@example.org>', 'T. Watson', 'sip:t.watson@example.org', true, undefined],
    ['isbn:2983792873', undefined, 'isbn:2983792873', false, undefined], // unksm2
    ['<http://www.example.com>;tag=3234233', undefined, 'http://www.example.com', true, '3234233'], // unksm2
    [
      '<sip:+13035551111@ift.client.example.net;user=phone>',
      undefined,
      'sip:+13035551111@ift.client.example.net;user=phone',
      true,
      undefined,
    ], // inv2543
    [
      'sip:+16505552222@ss1.example.net;user=phone',
      undefined,
      'sip:+16505552222@ss1.example.net',
      false,
      undefined,
    ], // inv2543: user=phone is a header param here
    ['sip:user@[2001:db8::10]', undefined, 'sip:user@[2001:db8::10]', false, undefined], // ipv6-in-sdp
    ['sip:user@[2001:db8:::192.0.2.1]', undefined, 'sip:user@[2001:db8:::192.0.2.1]', false, undefined], // RFC 5118 4.10
    [
      '"T. desk phone" <sip:ted@[::ffff:192.0.2.2]>',
      'T. desk phone',
      'sip:ted@[::ffff:192.0.2.2]',
      true,
      undefined,
    ], // ipv4-mapped
    ['Jörg Müller <sip:j@example.com>', 'Jörg Müller', 'sip:j@example.com', true, undefined],
    ['"" <sip:a@b>', '', 'sip:a@b', true, undefined],
    ['<tel:+1-201-555-0123>;tag=x', undefined, 'tel:+1-201-555-0123', true, 'x'],
  ];
  it.each(valid)('accepts %j', (text, displayName, uri, bracketed, tag) => {
    const r = parseFromTo(text);
    if (!r.ok) throw new Error(`${r.error.reason} at ${r.error.offset}`);
    expect(r.value.displayName).toBe(displayName);
    expect(formatUri(r.value.uri)).toBe(uri);
    expect(r.value.bracketed).toBe(bracketed);
    expect(r.value.tag).toBe(tag);
  });

  it('keeps header parameters apart from URI parameters (section 20.10, RFC 4475 cparam01/cparam02)', () => {
    const a = parseNameAddr('sip:+19725552222@gw1.example.net;unknownparam');
    const b = parseNameAddr('<sip:+19725552222@gw1.example.net;unknownparam>');
    if (!a.ok || !b.ok) throw new Error('parse');
    expect(a.value.params).toEqual([{ name: 'unknownparam', value: undefined }]);
    expect(formatUri(a.value.uri)).toBe('sip:+19725552222@gw1.example.net');
    expect(b.value.params).toEqual([]);
    expect(formatUri(b.value.uri)).toBe('sip:+19725552222@gw1.example.net;unknownparam');
  });

  it('keeps quoted parameter values with their quotes', () => {
    const r = parseNameAddr('<sip:a@b>;x="a;b,c";y=[2001:db8::1];z');
    expect(r.ok && r.value.params).toEqual([
      { name: 'x', value: '"a;b,c"' },
      { name: 'y', value: '[2001:db8::1]' },
      { name: 'z', value: undefined },
    ]);
  });

  // [value, reason]
  const invalid: [string, string][] = [
    ['Bell, Alexander <sip:a.g.bell@example.com>;tag=43', 'invalid character in display name'], // baddn
    ['Watson, Thomas <sip:t.watson@example.org>', 'invalid character in display name'], // baddn
    ['"Mr. J. User <sip:j.user@example.com>', 'unterminated quoted string'], // quotbal
    ['"Watson, Thomas" < sip:t.watson@example.org >', 'spaces within addr-spec'], // badaspec
    ['sip:user@example.com?Route=%3Csip:sip.example.com%3E', 'URI with "?" must be enclosed in "<>"'], // regbadct
    ['"Joe" <sip:joe@example.org>;;;;', 'empty parameter'], // badinv01
    ['sip:user@exa mple.com', 'spaces within addr-spec'],
    ['<sip:a@b', 'missing ">"'],
    ['<sip:a@b>x', 'unexpected character after address'],
    ['<sip:a@b>;tag=', 'bad parameter value'],
    ['<sip:a@b>;tag="open', 'unterminated quoted string'],
    ['<sip:a@b>;=x', 'bad parameter name'],
    ['"name" sip:a@b', 'expected "<" after display name'],
    ['', 'empty address'],
    ['<>', 'bad URI: missing URI scheme'],
    ['<sip:2001:db8::10>', 'bad URI: IPv6 address without brackets'],
    ['<sip:a@b>;tag', 'tag without value'],
  ];
  it.each(invalid)('rejects %j (%s)', (text, reason) => {
    const r = parseFromTo(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.reason).toBe(reason);
      expect(r.error.offset).toBeGreaterThanOrEqual(0);
      expect(r.error.offset).toBeLessThanOrEqual(text.length);
    }
  });
});

describe('formatNameAddr / formatFromTo', () => {
  // Canonical input formats back to itself.
  it.each([
    '"Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423',
    '<sip:user@example.com>;tag=39ansfi3',
    'sip:caller@example.org;tag=33242',
    '"J Rosenberg \\\\\\"" <sip:jdrosen@example.com>;tag=98asjd8',
    '<sip:+13035551111@ift.client.example.net;user=phone>',
    "<sip:mundane@example.com>;fromParam''~+*_!.-%=\"x y\";tag=_token~1'+`*%!-.",
    '"T. desk phone" <sip:ted@[::ffff:192.0.2.2]>',
    '<http://www.example.com>;tag=3234233',
  ])('round-trips %s', (text) => {
    const r = parseFromTo(text);
    expect(r.ok && formatFromTo(r.value)).toBe(text);
    const n = parseNameAddr(text);
    expect(n.ok && formatNameAddr(n.value)).toBe(text);
  });

  it('writes the tag field in place, appends a new one, or drops it', () => {
    const r = parseFromTo('<sip:a@b>;x=1;tag=old;y');
    if (!r.ok) throw new Error('parse');
    expect(formatFromTo({ ...r.value, tag: 'new' })).toBe('<sip:a@b>;x=1;tag=new;y');
    expect(formatFromTo({ ...r.value, tag: undefined })).toBe('<sip:a@b>;x=1;y');
    const t = parseFromTo('sip:a@b');
    expect(t.ok && formatFromTo({ ...t.value, tag: 'abc' })).toBe('sip:a@b;tag=abc');
  });

  it('brackets URIs with parameters and quotes display names', () => {
    const r = parseNameAddr('caller<sip:caller@example.com;transport=tcp>');
    expect(r.ok && formatNameAddr(r.value)).toBe('"caller" <sip:caller@example.com;transport=tcp>');
    const s = parseNameAddr('<sip:a@b;lr>');
    expect(s.ok && formatNameAddr({ ...s.value, bracketed: false })).toBe('<sip:a@b;lr>');
  });
});

describe('parseNameAddrList', () => {
  it('parses Route and Record-Route lists', () => {
    const r = parseNameAddrList(
      '<sip:services.example.com;lr;unknownwith=value;unknown-no-value>, <sip:p2.example.com;lr>',
    );
    expect(r.ok && r.value.map((v) => formatUri(v.uri))).toEqual([
      'sip:services.example.com;lr;unknownwith=value;unknown-no-value',
      'sip:p2.example.com;lr',
    ]);
    const pai = parseNameAddrList('"Alice, A." <sip:alice@example.com>, <tel:+14085551212>');
    expect(pai.ok && pai.value.map((v) => v.displayName)).toEqual(['Alice, A.', undefined]);
  });

  it('rejects empty lists and empty or bad elements, with the offset in the whole value', () => {
    expect(parseNameAddrList('').ok).toBe(false);
    expect(parseNameAddrList('<sip:a@b>,,<sip:c@d>').ok).toBe(false);
    const r = parseNameAddrList('<sip:a@b>, <sip:c@d');
    expect(r.ok ? -1 : r.error.offset).toBe(19);
  });
});
