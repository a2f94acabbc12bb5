import { describe, expect, it } from 'vitest';
import { formatUri } from '../uri/format.js';
import { formatContact, parseContact } from './contact.js';

describe('parseContact', () => {
  it('accepts "*"', () => {
    expect(parseContact('*')).toEqual({ ok: true, value: '*' });
  });

  it('parses RFC 4475 wsinv (folded parameters, q)', () => {
    const r = parseContact(
      '"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =\r\n      newvalue ;\r\n  secondparam ; q = 0.33',
    );
    if (!r.ok || r.value === '*') throw new Error('parse');
    const c = r.value[0]!;
    expect(c.displayName).toBe('Quoted string ""');
    expect(c.q).toBe(0.33);
    expect(c.params.map((p) => p.name)).toEqual(['newparam', 'secondparam', 'q']);
  });

  it.each([
    [
      '<sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>',
      'sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31',
    ], // esc01
    ['<sip:%00@host5.example.com>', 'sip:%00@host5.example.com'], // escnull
    [
      '<sip:user@example.com?Route=%3Csip:sip.example.com%3E>',
      'sip:user@example.com?Route=%3Csip:sip.example.com%3E',
    ], // regescrt
    ['sip:+19725552222@gw1.example.net;unknownparam', 'sip:+19725552222@gw1.example.net'], // cparam01
    ['<name:John_Smith>', 'name:John_Smith'], // unksm2
    ['"Caller" <sip:caller@[2001:db8::1]>', 'sip:caller@[2001:db8::1]'], // ipv6-good
    ['sip:j.user@host.example.com', 'sip:j.user@host.example.com'], // dblreq
  ])('accepts %s', (text, uri) => {
    const r = parseContact(text);
    expect(r.ok && r.value !== '*' && formatUri(r.value[0]!.uri)).toBe(uri);
  });

  it('parses several values with expires, q and +sip.instance', () => {
    const r = parseContact(
      '<sip:a@h1>;expires=3600;q=1.0, "B" <sip:b@h2>;+sip.instance="<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>";q=0',
    );
    if (!r.ok || r.value === '*') throw new Error('parse');
    expect(r.value.map((c) => [c.expires, c.q, c.instance])).toEqual([
      [3600, 1, undefined],
      [undefined, 0, '<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>'],
    ]);
  });

  it.each([
    ['<sip:user@host129.example.com>\r\n  ;expires=280297596632815', 'out-of-range'], // scalar02
    ['<sip:a@b>;expires=-1', 'bad-contact'],
    ['<sip:a@b>;expires', 'bad-contact'],
    ['<sip:a@b>;q=1.5', 'bad-contact'],
    ['<sip:a@b>;q=0.1234', 'bad-contact'],
    ['<sip:a@b>;q=2', 'bad-contact'],
    ['"Joe" <sip:joe@example.org>;;;;', 'bad-name-addr'], // badinv01
    ['sip:user@example.com?Route=%3Csip:sip.example.com%3E', 'bad-name-addr'], // regbadct
    ['*, <sip:a@b>', 'bad-contact'],
    ['<sip:a@b>, *', 'bad-contact'],
    ['', 'bad-contact'],
    ['<sip:a@b>,', 'bad-name-addr'],
  ])('rejects %j (%s)', (text, code) => {
    const r = parseContact(text);
    expect(r.ok ? '' : r.error.code).toBe(code);
  });
});

describe('formatContact', () => {
  it.each([
    '*',
    '<sip:a@h1>;expires=3600;q=1.0',
    '"Caller" <sip:caller@[2001:db8::1]>',
    '<sip:a@h1>;+sip.instance="<urn:uuid:1>";reg-id=1, <sip:b@h2>;expires=0',
  ])('round-trips %s', (text) => {
    const r = parseContact(text);
    expect(r.ok && formatContact(r.value)).toBe(text);
  });

  it('writes changed expires and q fields', () => {
    const r = parseContact('<sip:a@h1>;expires=3600');
    if (!r.ok || r.value === '*') throw new Error('parse');
    expect(formatContact([{ ...r.value[0]!, expires: 0, q: 0.5 }])).toBe('<sip:a@h1>;expires=0;q=0.5');
  });
});
