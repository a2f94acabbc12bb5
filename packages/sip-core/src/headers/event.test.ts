import { describe, expect, it } from 'vitest';
import { sipUri } from '../uri/build.js';
import { parseUri } from '../uri/parse.js';
import { eventId, parseContentDisposition, parseEvent, parseSubscriptionState } from './event.js';
import { formatReplaces, parseReplaces, replacesFromReferTo } from './replaces.js';

describe('parseEvent (RFC 6665)', () => {
  it.each([
    ['presence', 'presence', undefined],
    ['dialog;id=1234', 'dialog', '1234'],
    ['presence.winfo', 'presence.winfo', undefined],
    ['refer;id=93809824', 'refer', '93809824'],
    ['message-summary ; id = "x"', 'message-summary', 'x'],
  ])('parses %j', (text, value, id) => {
    const r = parseEvent(text);
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.value.value).toBe(value);
    expect(eventId(r.value)).toBe(id);
  });

  it.each(['', ';id=1', 'presence;id', 'pres ence', 'presence;'])('rejects %j', (text) => {
    expect(parseEvent(text).ok).toBe(false);
  });
});

describe('parseSubscriptionState', () => {
  it('parses states and their parameters', () => {
    expect(parseSubscriptionState('active;expires=3600')).toEqual({
      ok: true,
      value: {
        state: 'active',
        expires: 3600,
        retryAfter: undefined,
        reason: undefined,
        params: [{ name: 'expires', value: '3600' }],
      },
    });
    expect(parseSubscriptionState('Terminated;reason=timeout;retry-after=10')).toMatchObject({
      ok: true,
      value: { state: 'terminated', reason: 'timeout', retryAfter: 10 },
    });
    expect(parseSubscriptionState('pending')).toMatchObject({ ok: true, value: { state: 'pending' } });
  });

  it.each([
    '',
    'active;expires=x',
    'active;expires',
    'active;expires=4294967296',
    'terminated;reason',
    'active;retry-after=-1',
  ])('rejects %j', (text) => {
    expect(parseSubscriptionState(text).ok).toBe(false);
  });
});

describe('parseContentDisposition', () => {
  it('parses and lower-cases the type', () => {
    expect(parseContentDisposition('Session;handling=optional')).toEqual({
      ok: true,
      value: { value: 'session', params: [{ name: 'handling', value: 'optional' }] },
    });
    expect(parseContentDisposition('render')).toMatchObject({ ok: true });
    expect(parseContentDisposition('').ok).toBe(false);
    expect(parseContentDisposition('a b').ok).toBe(false);
  });
});

describe('Replaces (RFC 3891)', () => {
  it('parses the header', () => {
    expect(parseReplaces('98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff')).toMatchObject({
      ok: true,
      value: { callId: '98732@sip.example.com', fromTag: 'r33th4x0r', toTag: 'ff87ff', earlyOnly: false },
    });
    expect(parseReplaces('425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only')).toMatchObject({
      ok: true,
      value: { earlyOnly: true },
    });
  });

  it.each([
    '',
    '12345@h;to-tag=a',
    '12345@h;from-tag=b',
    '12345@h;to-tag;from-tag=b',
    '@h;to-tag=a;from-tag=b',
    'a@b@c;to-tag=a;from-tag=b',
    'a b;to-tag=1;from-tag=2',
  ])('rejects %j', (text) => {
    expect(parseReplaces(text).ok).toBe(false);
  });

  it('finds the escaped Replaces in a Refer-To URI (section 7.1)', () => {
    const r = parseUri(
      'sips:bob@biloxi.example.com?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994',
    );
    if (!r.ok) throw new Error(r.error.reason);
    expect(replacesFromReferTo(r.value)).toMatchObject({
      callId: '12345@192.168.118.3',
      toTag: '12345',
      fromTag: '5FFE-3994',
      earlyOnly: false,
    });
    const loose = parseUri('sip:bob@b?Replaces=12345@h%3Bto-tag%3Da%3Bfrom-tag%3Db');
    expect(loose.ok && replacesFromReferTo(loose.value)).toMatchObject({
      callId: '12345@h',
      toTag: 'a',
      fromTag: 'b',
    });
    const bad = parseUri('sip:bob@b?Replaces=garbage');
    expect(bad.ok && replacesFromReferTo(bad.value)).toBeUndefined();
    const none = parseUri('sip:bob@b');
    expect(none.ok && replacesFromReferTo(none.value)).toBeUndefined();
    const tel = parseUri('tel:+1234');
    expect(tel.ok && replacesFromReferTo(tel.value)).toBeUndefined();
  });

  it('round-trips through a built Refer-To URI', () => {
    const text = '12345@h;to-tag=a;from-tag=b;early-only';
    const r = parseReplaces(text);
    if (!r.ok) throw new Error(r.error.reason);
    expect(formatReplaces(r.value)).toBe(text);
    const uri = sipUri({ user: 'bob', host: 'b.example', headers: { Replaces: formatReplaces(r.value) } });
    expect(replacesFromReferTo(uri)).toEqual(r.value);
    expect(formatReplaces({ ...r.value, earlyOnly: false, toTag: 'z' })).toBe('12345@h;to-tag=z;from-tag=b');
  });
});
