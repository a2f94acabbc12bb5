/**
 * Redirection over UDP on 127.0.0.1: `redirect` of a ringing call (302 with
 * q-values), following a 3xx per allow_redirection / ask_user_to_redirect /
 * max_redirections, the next Contact after a failed target, and the order
 * of Contacts.
 */
import { createDefaultRegistry } from '@twinkle/codecs';
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from '../engine/phone.test.util.js';
import type { PhoneProfile } from '../engine/phone-options.js';
import { ProfileState } from '../engine/profile-state.js';
import { orderContacts, redirectContacts } from './redirect-targets.js';

const running: TestPhone[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.phone.quit()));
});

async function phone(name: string, changes: Partial<PhoneProfile> = {}): Promise<TestPhone> {
  const p = await startPhone([testProfile(name, changes)]);
  running.push(p);
  return p;
}

describe('redirect targets', () => {
  it('302 Contacts carry q-values going down in the order given, at most 5', () => {
    const state = new ProfileState(testProfile('x'), createDefaultRegistry());
    expect(
      redirectContacts(state, ['bob', 'Carol <sip:carol@example.org>', 'sip:dave@192.0.2.1:5070']),
    ).toEqual([
      '<sip:bob@127.0.0.1>;q=1.0',
      '"Carol" <sip:carol@example.org>;q=0.9',
      '<sip:dave@192.0.2.1:5070>;q=0.8',
    ]);
    expect(() => redirectContacts(state, [])).toThrow(/no destination/);
    expect(() => redirectContacts(state, ['a', 'b', 'c', 'd', 'e', 'f'])).toThrow(/at most 5/);
    expect(() => redirectContacts(state, ['  '])).toThrow(/not a SIP address/);
  });

  it('orders received Contacts by q (no q counts as 1.0; ties keep their order)', () => {
    expect(
      orderContacts([
        '<sip:low@h>;q=0.1',
        '<sip:plain@h>',
        '"High" <sip:high@h>;q=1.0;expires=60',
        'junk <<',
        '<sip:mid@h>;q=0.5',
        '<sip:plain2@h>',
      ]),
    ).toEqual(['<sip:plain@h>', '"High" <sip:high@h>', '<sip:plain2@h>', '<sip:mid@h>', '<sip:low@h>']);
  });
});

describe('redirect a ringing call (Twinkle redirect dst...)', () => {
  it('answers 302 with the destinations; a caller that follows without asking reaches the first', async () => {
    const a = await phone('alice', { askUserToRedirect: false });
    const b = await phone('bob');
    const c = await phone('carol');
    await a.phone.call(b.uri('bob'));
    await b.waitFor('incoming-call');
    const sent = b.phone.redirect([c.uri('carol'), 'sip:dave@192.0.2.9']);
    expect(sent).toEqual([`<${c.uri('carol')}>;q=1.0`, '<sip:dave@192.0.2.9>;q=0.9']);
    const ended = await a.waitFor('call-ended');
    expect(ended).toMatchObject({ status: 302, cause: 'redirected' });
    expect(ended.contacts).toHaveLength(2);
    expect(await c.waitFor('incoming-call')).toMatchObject({ profile: 'carol' });
    expect(await b.waitFor('call-ended')).toMatchObject({ by: 'local', status: 302 });
    expect(() => b.phone.redirect(['x'])).toThrow();
  });

  it('refuses a call that is not ringing here', async () => {
    const a = await phone('alice');
    const b = await phone('bob', { askUserToRedirect: false });
    await a.phone.call(b.uri('bob'));
    expect(() => a.phone.redirect(['sip:x@192.0.2.9'])).toThrow(/no incoming call/);
  });
});

describe('a 3xx to our call', () => {
  it('ask_user_to_redirect: a redirect-ask event; yes calls the first target on the same line', async () => {
    const a = await phone('alice'); // Twinkle's defaults: allow_redirection=yes, ask_user_to_redirect=yes
    const b = await phone('bob');
    const c = await phone('carol');
    b.phone.setForwarding('always', [c.uri('carol')]);
    await a.phone.call(b.uri('bob'), { subject: 'ask me' });
    const ask = await a.waitFor('redirect-ask');
    expect(ask).toMatchObject({ line: 1, profile: 'alice', contacts: [`<${c.uri('carol')}>`] });
    expect(ask.from).toContain('sip:bob@127.0.0.1');
    expect(c.events.some((e) => e.type === 'incoming-call')).toBe(false);
    expect(a.phone.answerRedirect(true)).toBe(1);
    expect(await c.waitFor('incoming-call')).toMatchObject({ subject: 'ask me' });
    expect(() => a.phone.answerRedirect(true)).toThrow(/no redirection to answer/);
  });

  it('no to the question leaves the call ended', async () => {
    const a = await phone('alice');
    const b = await phone('bob');
    const c = await phone('carol');
    b.phone.setForwarding('always', [c.uri('carol')]);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('redirect-ask');
    expect(a.phone.answerRedirect(false)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    expect(c.events.some((e) => e.type === 'incoming-call')).toBe(false);
    expect(a.phone.callOn(1)).toBeUndefined();
  });

  it('allow_redirection=no: nothing is followed or asked', async () => {
    const a = await phone('alice', { allowRedirection: false, askUserToRedirect: false });
    const b = await phone('bob');
    const c = await phone('carol');
    b.phone.setForwarding('always', [c.uri('carol')]);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-ended');
    await new Promise((r) => setTimeout(r, 200));
    expect(a.events.some((e) => e.type === 'redirect-ask')).toBe(false);
    expect(c.events.some((e) => e.type === 'incoming-call')).toBe(false);
  });

  it('max_redirections stops a loop of forwardings', async () => {
    const a = await phone('alice', { askUserToRedirect: false, maxRedirections: 2 });
    const b = await phone('bob');
    const c = await phone('carol');
    b.phone.setForwarding('always', [c.uri('carol')]);
    c.phone.setForwarding('always', [b.uri('bob')]);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('notice', (e) => e.message.includes('max_redirections'));
    const refused = [...b.events, ...c.events].filter((e) => e.type === 'call-refused');
    expect(refused).toHaveLength(3); // bob, carol, bob again: the original call and 2 followed
  });

  it('a followed target that fails gives way to the next Contact of the same 302', async () => {
    const a = await phone('alice', { askUserToRedirect: false });
    const b = await phone('bob');
    const busy = await phone('dora');
    const c = await phone('carol');
    busy.phone.setDnd(true); // 480
    b.phone.setForwarding('always', [busy.uri('dora'), c.uri('carol')]);
    await a.phone.call(b.uri('bob'));
    expect(await busy.waitFor('call-refused')).toMatchObject({ status: 480 });
    expect(await c.waitFor('incoming-call')).toMatchObject({ profile: 'carol' });
    const ended = a.events.filter((e) => e.type === 'call-ended').map((e) => e.status);
    expect(ended).toEqual([302, 480]);
  });
});
