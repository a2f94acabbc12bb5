import { describe, expect, it } from 'vitest';
import { parseCommand } from '../commands/parse-command.js';
import { ConsoleSession } from './console-session.js';
import type { ServiceState } from './execute.js';
import { FakePhone } from './fake-phone.test-util.js';
import { formatEvent } from './format-event.js';

function session() {
  const phone = new FakePhone();
  const out: string[] = [];
  const saved: [string, ServiceState][] = [];
  const s = new ConsoleSession({
    phone,
    json: false,
    out: (t) => out.push(t),
    services: new Map([['alice', { dnd: false, autoAnswer: false, cfBusy: ['sip:old@example.com'] }]]),
    saveServices: async (p, st) => {
      saved.push([p, { ...st }]);
    },
  });
  return { s, phone, out, saved };
}

describe('redirect and follow: parsing', () => {
  it.each<[string, unknown]>([
    ['redirect bob carol', { name: 'redirect', show: false, enable: true, destinations: ['bob', 'carol'] }],
    ['redirect -s', { name: 'redirect', show: true, enable: true, destinations: [] }],
    [
      'redirect -t always bob',
      { name: 'redirect', show: false, type: 'always', enable: true, destinations: ['bob'] },
    ],
    [
      'redirect -t noanswer -a on a b',
      { name: 'redirect', type: 'noanswer', enable: true, destinations: ['a', 'b'] },
    ],
    ['redirect -t busy -a off', { name: 'redirect', type: 'busy', enable: false, destinations: [] }],
    ['follow', { name: 'follow', accept: true }],
    ['follow no', { name: 'follow', accept: false }],
  ])('%s', (line, command) => {
    expect(parseCommand(line)).toMatchObject({ ok: true, command });
  });

  it.each<[string, RegExp]>([
    ['redirect', /destination is missing/],
    ['redirect -t sometimes bob', /always, busy or noanswer/],
    ['redirect -a off', /-a goes with -t/],
    ['redirect -t busy -a maybe x', /on or off/],
    ['redirect -t busy -a off bob', /no destination when turning/],
    ['redirect a b c d e f', /too many arguments: f/],
    ['follow perhaps', /yes or no/],
  ])('%s is refused', (line, message) => {
    const r = parseCommand(line);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(message);
      expect(r.error.message).toContain('usage:');
    }
  });
});

describe('redirect and follow: running', () => {
  it('redirects the ringing call of the active line', async () => {
    const { s, phone } = session();
    const r = await s.run('redirect bob sip:carol@example.com');
    expect(phone.calls).toEqual(['redirect bob,sip:carol@example.com']);
    expect(r).toMatchObject({ ok: true, message: 'Line 1: call redirected to bob, sip:carol@example.com.' });
  });

  it('sets, saves and shows the forwarding services of the active profile', async () => {
    const { s, phone, saved } = session();
    await s.run('redirect -t always bob carol');
    expect(phone.calls).toEqual(['forward always bob,carol']);
    expect(saved).toEqual([
      [
        'alice',
        { dnd: false, autoAnswer: false, cfBusy: ['sip:old@example.com'], cfAlways: ['bob', 'carol'] },
      ],
    ]);
    await s.run('redirect -t busy -a off');
    expect(phone.calls).toContain('forward busy ');
    expect(saved[1]![1].cfBusy).toEqual([]);
    const shown = await s.run('redirect -s');
    expect(shown?.message).toBe(
      'Redirect always: bob, carol\nRedirect busy: not active\nRedirect no answer: not active',
    );
    expect(shown?.data).toEqual({ always: ['bob', 'carol'], busy: [], noanswer: [] });
  });

  it('a refused destination changes and saves nothing', async () => {
    const { s, phone, saved } = session();
    phone.failWith = new Error('not a SIP address: @@');
    const r = await s.run('redirect -t always @@');
    expect(r).toMatchObject({ ok: false, message: 'not a SIP address: @@' });
    expect(saved).toEqual([]);
  });

  it('follow answers the redirection question', async () => {
    const { s, phone } = session();
    expect(await s.run('follow')).toMatchObject({ ok: true, message: 'Line 1: following the redirection.' });
    expect(await s.run('follow no')).toMatchObject({ ok: true, message: 'Redirection declined.' });
    expect(phone.calls).toEqual(['follow true', 'follow false']);
  });

  it('the question is printed with how to answer it', () => {
    expect(
      formatEvent({
        type: 'redirect-ask',
        line: 1,
        profile: 'alice',
        from: 'sip:bob@h',
        contacts: ['<sip:c@h>', '<sip:d@h>'],
      } as never),
    ).toBe(
      'Line 1: sip:bob@h redirects the call to <sip:c@h> (also: <sip:d@h>).\nType follow to call there, follow no to stay.',
    );
  });
});
