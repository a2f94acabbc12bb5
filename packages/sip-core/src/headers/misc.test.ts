import { describe, expect, it } from 'vitest';
import { parseReasonList } from './reason.js';
import { parseRetryAfter } from './retry-after.js';
import { formatSessionExpires, parseMinSe, parseSessionExpires } from './session-timer.js';
import { formatSipDate, parseSipDate } from './sip-date.js';
import { formatUriWithParams, parseUriWithParamsList } from './uri-with-params.js';
import { formatWarning, parseWarningList } from './warning.js';

describe('Session-Expires (RFC 4028)', () => {
  it('parses and formats', () => {
    expect(parseSessionExpires('4000;refresher=uac')).toEqual({
      ok: true,
      value: { deltaSeconds: 4000, refresher: 'uac', params: [{ name: 'refresher', value: 'uac' }] },
    });
    const r = parseSessionExpires('1800');
    expect(r).toEqual({ ok: true, value: { deltaSeconds: 1800, refresher: undefined, params: [] } });
    expect(r.ok && formatSessionExpires({ ...r.value, refresher: 'uas' })).toBe('1800;refresher=uas');
    for (const bad of ['', 'x', '-1', '99999999999', '90;refresher=both', '90;refresher']) {
      expect(parseSessionExpires(bad).ok).toBe(false);
    }
  });
});

describe('Min-SE (RFC 4028)', () => {
  it('parses seconds with optional parameters', () => {
    expect(parseMinSe('90')).toEqual({ ok: true, value: 90 });
    expect(parseMinSe('90;x=y')).toEqual({ ok: true, value: 90 });
    for (const bad of ['', 'x', '-90', '4294967296', '90;']) expect(parseMinSe(bad).ok).toBe(false);
  });
});

describe('Reason (RFC 3326)', () => {
  it('parses one or more reasons', () => {
    expect(parseReasonList('SIP ;cause=200 ;text="Call completed elsewhere"')).toEqual({
      ok: true,
      value: [
        {
          protocol: 'SIP',
          cause: 200,
          text: 'Call completed elsewhere',
          params: [
            { name: 'cause', value: '200' },
            { name: 'text', value: '"Call completed elsewhere"' },
          ],
        },
      ],
    });
    expect(parseReasonList('Q.850;cause=16;text="Terminated", SIP;cause=487')).toMatchObject({
      ok: true,
      value: [
        { protocol: 'Q.850', cause: 16 },
        { protocol: 'SIP', cause: 487, text: undefined },
      ],
    });
    for (const bad of ['', 'SIP;cause=abc', 'SIP;cause', 'SIP;text', 'SIP;text="open', ';cause=1']) {
      expect(parseReasonList(bad).ok).toBe(false);
    }
  });
});

describe('Retry-After', () => {
  it('parses seconds, comment and duration', () => {
    expect(parseRetryAfter('18000;duration=3600')).toMatchObject({
      ok: true,
      value: { seconds: 18000, duration: 3600 },
    });
    expect(parseRetryAfter("120 (I'm in a meeting)")).toMatchObject({
      ok: true,
      value: { seconds: 120, comment: "I'm in a meeting", duration: undefined },
    });
    expect(parseRetryAfter('5 (nested (comment)) ;x=y')).toMatchObject({
      ok: true,
      value: { comment: 'nested (comment)' },
    });
  });

  it('rejects overlarge values (RFC 4475 scalarlg) and bad syntax', () => {
    const r = parseRetryAfter('949302838503028349304023988');
    expect(r.ok ? '' : r.error.code).toBe('out-of-range');
    for (const bad of ['', '-5', '5 (open', '5;duration=x', '5 x'])
      expect(parseRetryAfter(bad).ok).toBe(false);
  });
});

describe('Warning', () => {
  it('parses and formats', () => {
    const r = parseWarningList(
      '307 isi.edu "Session parameter \'foo\' not understood", 301 [2001:db8::1]:5060 "x"',
    );
    expect(r).toEqual({
      ok: true,
      value: [
        { code: 307, agent: 'isi.edu', text: "Session parameter 'foo' not understood" },
        { code: 301, agent: '[2001:db8::1]:5060', text: 'x' },
      ],
    });
    expect(formatWarning({ code: 399, agent: 'example.com', text: 'a "q"' })).toBe(
      '399 example.com "a \\"q\\""',
    );
  });

  it.each([
    '1812 overture "In Progress"',
    '',
    '30 a "b"',
    '307 "text"',
    '307 agent text',
    '307 agent "open',
    '307 agent "t" x',
  ])('rejects %j', (text) => {
    expect(parseWarningList(text).ok).toBe(false);
  });
});

describe('Alert-Info / Call-Info / Error-Info', () => {
  it('parses lists and keeps the URI text', () => {
    const r = parseUriWithParamsList(
      '<http://wwww.example.com/alice/photo.jpg> ;purpose=icon, <http://www.example.com/alice/> ;purpose=info',
    );
    expect(r).toMatchObject({
      ok: true,
      value: [
        { uri: 'http://wwww.example.com/alice/photo.jpg', params: [{ name: 'purpose', value: 'icon' }] },
        { uri: 'http://www.example.com/alice/', params: [{ name: 'purpose', value: 'info' }] },
      ],
    });
    expect(r.ok && formatUriWithParams(r.value[0]!)).toBe(
      '<http://wwww.example.com/alice/photo.jpg>;purpose=icon',
    );
    expect(parseUriWithParamsList('<sip:not-in-service-recording@atlanta.example.com>')).toMatchObject({
      ok: true,
    });
  });

  it.each([
    '',
    'http://example.com',
    '<http://example.com',
    '<>',
    '<http://a b>',
    '<http://a> x',
    '<http://a>;',
  ])('rejects %j', (text) => {
    expect(parseUriWithParamsList(text).ok).toBe(false);
  });
});

describe('Date', () => {
  it('parses RFC 1123 dates in GMT (RFC 4475 mpart01)', () => {
    const r = parseSipDate('Sat, 15 Oct 2005 04:44:56 GMT');
    expect(r.ok && r.value.toISOString()).toBe('2005-10-15T04:44:56.000Z');
    expect(r.ok && formatSipDate(r.value)).toBe('Sat, 15 Oct 2005 04:44:56 GMT');
    expect(parseSipDate('Sat, 13 Nov 2010 23:29:00 GMT').ok).toBe(true);
  });

  it.each([
    'Fri, 01 Jan 2010 16:00:00 EST', // RFC 4475 baddate
    'Fri, 01 Jan 2010 16:00:00',
    'Thu, 01 Jan 2010 16:00:00 GMT', // wrong weekday
    'Mon, 31 Feb 2010 16:00:00 GMT',
    'Fri, 01 Foo 2010 16:00:00 GMT',
    'Fri, 01 Jan 2010 24:00:00 GMT',
    'Fri, 1 Jan 2010 16:00:00 GMT',
    'Fri 01 Jan 2010 16:00:00 GMT',
    '',
  ])('rejects %j', (text) => {
    expect(parseSipDate(text).ok).toBe(false);
  });
});
