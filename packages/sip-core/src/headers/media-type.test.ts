import { describe, expect, it } from 'vitest';
import { formatMediaType, parseMediaType, parseMediaTypeList } from './media-type.js';
import { parsePrivacy, parseTokenList } from './token-list.js';

describe('parseMediaType / parseMediaTypeList', () => {
  it.each([
    ['application/sdp', 'application', 'sdp', []],
    ['Application/SDP', 'application', 'sdp', []],
    ['application/unknownformat', 'application', 'unknownformat', []], // invut
    [
      'multipart/mixed;boundary=7a9cbec02ceef655',
      'multipart',
      'mixed',
      [{ name: 'boundary', value: '7a9cbec02ceef655' }],
    ], // mpart01
    ['text/plain ; charset = "utf-8"', 'text', 'plain', [{ name: 'charset', value: '"utf-8"' }]],
    ['message/sipfrag;version=2.0', 'message', 'sipfrag', [{ name: 'version', value: '2.0' }]],
  ])('parses %j', (text, type, subtype, params) => {
    expect(parseMediaType(text)).toEqual({ ok: true, value: { type, subtype, params } });
  });

  it.each([
    '',
    'application',
    'application/',
    '/sdp',
    'application/sdp;',
    'application/sdp x',
    'text/plain;charset="open',
  ])('rejects %j', (text) => {
    expect(parseMediaType(text).ok).toBe(false);
  });

  it('parses Accept lists, including RFC 4475 semiuri and sdp01, and empty Accept', () => {
    const r = parseMediaTypeList(
      'application/sdp, application/pkcs7-mime,\r\n        multipart/mixed, multipart/signed,\r\n        message/sip, message/sipfrag',
    );
    expect(r.ok && r.value.map((m) => `${m.type}/${m.subtype}`)).toEqual([
      'application/sdp',
      'application/pkcs7-mime',
      'multipart/mixed',
      'multipart/signed',
      'message/sip',
      'message/sipfrag',
    ]);
    expect(parseMediaTypeList('text/nobodyKnowsThis')).toMatchObject({
      ok: true,
      value: [{ subtype: 'nobodyknowsthis' }],
    });
    expect(parseMediaTypeList('*/*;q=0.1, application/*')).toMatchObject({
      ok: true,
      value: [{ type: '*' }, { subtype: '*' }],
    });
    expect(parseMediaTypeList('')).toEqual({ ok: true, value: [] });
    expect(parseMediaTypeList('application/sdp,,text/plain').ok).toBe(false);
    expect(parseMediaTypeList('application/sdp, text').ok).toBe(false);
  });

  it('round-trips canonical media types', () => {
    for (const t of [
      'application/sdp',
      'multipart/mixed;boundary=7a9cbec02ceef655',
      'text/plain;charset="utf-8"',
    ]) {
      const r = parseMediaType(t);
      expect(r.ok && formatMediaType(r.value)).toBe(t);
    }
  });
});

describe('parseTokenList / parsePrivacy', () => {
  it('parses option tags and methods (RFC 4475 bext01)', () => {
    expect(parseTokenList('nothingSupportsThis, nothingSupportsThisEither')).toEqual({
      ok: true,
      value: ['nothingSupportsThis', 'nothingSupportsThisEither'],
    });
    expect(parseTokenList('noProxiesSupportThis, norDoAnyProxiesSupportThis')).toMatchObject({ ok: true });
    expect(parseTokenList('INVITE,ACK ,  BYE,CANCEL,OPTIONS')).toEqual({
      ok: true,
      value: ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS'],
    });
    expect(parseTokenList('')).toEqual({ ok: true, value: [] });
    expect(parseTokenList('  ')).toEqual({ ok: true, value: [] });
  });

  it.each(['a,,b', 'a b', 'a,', ',a', 'a;b', '"a"'])('rejects token list %j', (text) => {
    expect(parseTokenList(text).ok).toBe(false);
  });

  it('parses Privacy (RFC 3323)', () => {
    expect(parsePrivacy('id')).toEqual({ ok: true, value: ['id'] });
    expect(parsePrivacy('header; session ;user;critical')).toEqual({
      ok: true,
      value: ['header', 'session', 'user', 'critical'],
    });
    for (const bad of ['', 'id;', 'id,user', 'a b']) expect(parsePrivacy(bad).ok).toBe(false);
  });
});
