import { describe, expect, it } from 'vitest';
import { ConsoleSession } from './console-session.js';
import type { ServiceState } from './execute.js';
import { FakePhone } from './fake-phone.test-util.js';

function session(json = false) {
  const phone = new FakePhone();
  const out: string[] = [];
  const saved: [string, ServiceState][] = [];
  let quit = 0;
  const s = new ConsoleSession({
    phone,
    json,
    out: (t) => out.push(t),
    services: new Map([['alice', { dnd: false, autoAnswer: false }]]),
    saveServices: async (p, st) => {
      saved.push([p, { ...st }]);
    },
    history: () => 'one call',
    onQuit: () => {
      quit++;
    },
  });
  return { s, phone, out, saved, quits: () => quit };
}

describe('console commands reach the phone', () => {
  it.each<[string, string[]]>([
    ['call -s hi -d Bob -h bob', ['call bob {"subject":"hi","display":"Bob","hideIdentity":true}']],
    ['inv sip:bob@127.0.0.1', ['call sip:bob@127.0.0.1 {}']],
    ['answer', ['answer']],
    ['reject', ['reject']],
    ['bye', ['bye']],
    ['hold', ['hold']],
    ['ret', ['retrieve']],
    ['dtmf movies', ['dtmf 668437']],
    ['redial', ['redial']],
    ['register', ['register']],
    ['register -a', ['registerAll']],
    ['deregister', ['deregister alice false']],
    ['deregister -a -d', ['deregister alice true', 'deregister work true']],
    ['fetch_reg', ['fetch']],
    ['options bob', ['options bob']],
    ['line 2', ['line 2']],
    ['line -o', ['line 2']],
    ['line 1', []],
    ['user work', ['user work']],
    ['dnd', ['dnd true']],
    ['dnd -a off', ['dnd false']],
    ['auto_answer -a on', ['auto true']],
    ['quit', ['quit']],
  ])('%s', async (line, calls) => {
    const { s, phone } = session();
    const r = await s.run(line);
    expect(r?.ok).toBe(true);
    expect(phone.calls).toEqual(calls);
  });
});

describe('console results', () => {
  it('answerbye answers a ringing incoming call and ends an established one', async () => {
    const { s, phone } = session();
    phone.line[0] = { direction: 'in', answered: false, state: 'incoming', muted: false, peer: 'sip:b@h' };
    expect((await s.run('answerbye'))?.data).toMatchObject({ action: 'answer' });
    phone.line[0] = { direction: 'in', answered: true, state: 'answered', muted: false, peer: 'sip:b@h' };
    expect((await s.run('answerbye'))?.data).toMatchObject({ action: 'bye' });
    expect(phone.calls).toEqual(['answer', 'bye']);
  });

  it('mute toggles the call of the active line and fails without one', async () => {
    const { s, phone } = session();
    expect(await s.run('mute')).toMatchObject({ ok: false, message: 'no call on line 1' });
    phone.line[0] = { direction: 'out', answered: true, state: 'answered', muted: true, peer: 'sip:b@h' };
    expect(await s.run('mute')).toMatchObject({ ok: true, data: { muted: false } });
    expect(await s.run('mute -s')).toMatchObject({ ok: true, message: 'Line is muted.' });
    expect(phone.calls).toEqual(['mute false']);
  });

  it('options without destination asks the far end of the active call', async () => {
    const { s, phone } = session();
    expect((await s.run('options'))?.ok).toBe(false);
    phone.line[0] = { direction: 'out', answered: true, state: 'answered', muted: false, peer: 'sip:b@h' };
    const r = await s.run('options');
    expect(r).toMatchObject({ ok: true, message: 'sip:b@h: 200 OK\nAllow: INVITE, BYE' });
    phone.optionsAnswer = { status: 404, reason: 'Not Found' };
    expect((await s.run('options x'))?.ok).toBe(false);
  });

  it('dnd toggles, shows and saves the service of the active profile', async () => {
    const { s, saved } = session();
    expect(await s.run('dnd')).toMatchObject({ ok: true, message: 'Do not disturb enabled.' });
    expect(await s.run('dnd -s')).toMatchObject({ message: 'Do not disturb: active' });
    expect(await s.run('dnd')).toMatchObject({ message: 'Do not disturb disabled.' });
    expect(saved).toEqual([
      ['alice', { dnd: true, autoAnswer: false }],
      ['alice', { dnd: false, autoAnswer: false }],
    ]);
  });

  it('user lists profiles with the active one marked, refuses unknown ones', async () => {
    const { s } = session();
    expect((await s.run('user'))?.message).toBe('* alice\n  work');
    expect(await s.run('user nobody')).toMatchObject({ ok: false, message: 'Unknown user profile: nobody' });
  });

  it('engine errors become failed results with their code', async () => {
    const { s, phone } = session();
    phone.failWith = Object.assign(new Error('no call on line 1'), { code: 'no-call' });
    expect(await s.run('bye')).toEqual({
      type: 'result',
      command: 'bye',
      ok: false,
      message: 'no call on line 1',
      data: { code: 'no-call' },
    });
  });

  it('parse errors are failed results; an empty line is nothing', async () => {
    const { s, out } = session();
    expect(await s.run('re')).toMatchObject({
      ok: false,
      command: 're',
      data: { candidates: expect.any(Array) },
    });
    expect(await s.run('call')).toMatchObject({ ok: false, command: 'call' });
    expect(await s.run('   ')).toBeUndefined();
    expect(out[0]).toMatch(/^Error: ambiguous command: re could be /);
  });

  it('help and history print text', async () => {
    const { s, out } = session();
    await s.run('help');
    await s.run('help dnd');
    await s.run('history');
    expect(out[0]).toContain('auto_answer');
    expect(out[1]).toContain('Usage: dnd [-s] [-a on|off]');
    expect(out[2]).toBe('one call');
  });

  it('quit runs once, calls onQuit and stops printing events', async () => {
    const { s, phone, out, quits } = session(true);
    await s.run('quit');
    await s.run('quit');
    phone.emit({ type: 'notice', message: 'late' } as never);
    expect(phone.calls).toEqual(['quit']);
    expect(quits()).toBe(1);
    expect(out.filter((l) => l.includes('late'))).toEqual([]);
  });
});

describe('--json output', () => {
  it('prints each event and each result as one JSON object per line', async () => {
    const { s, phone, out } = session(true);
    phone.emit({
      type: 'incoming-call',
      line: 1,
      profile: 'alice',
      from: 'sip:b@h',
      to: 'sip:a@h',
      waiting: false,
    } as never);
    phone.emit({
      type: 'media',
      line: 1,
      codec: 'PCMA',
      payloadType: 8,
      clockRate: 8000,
      ptime: 20,
      remote: '127.0.0.1:4000',
    } as never);
    await s.run('call bob');
    await s.run('frob');
    const objects = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.every((l) => !l.includes('\n'))).toBe(true);
    expect(objects.map((o) => o.type)).toEqual(['incoming-call', 'media', 'result', 'result']);
    expect(objects[1]).toMatchObject({ codec: 'PCMA' });
    expect(objects[2]).toEqual({
      type: 'result',
      command: 'call',
      ok: true,
      message: 'Line 1: calling bob',
      data: { line: 1 },
    });
    expect(objects[3]).toMatchObject({ type: 'result', command: 'frob', ok: false });
  });

  it('prints a notice once however often it comes', async () => {
    const { phone, out } = session(true);
    phone.emit({
      type: 'notice',
      message: 'no usable sound card for microphone "default"; using null audio',
    } as never);
    phone.emit({
      type: 'notice',
      message: 'no usable sound card for microphone "default"; using null audio',
    } as never);
    phone.emit({
      type: 'notice',
      message: 'speaker alsa:default: no usable sound card for speaker "default"',
    } as never);
    phone.emit({ type: 'notice', message: 'other' } as never);
    expect(out).toHaveLength(2);
  });

  it('prints events for people without --json', async () => {
    const { phone, out } = session(false);
    phone.emit({
      type: 'incoming-call',
      line: 2,
      profile: 'alice',
      from: '"Bob" <sip:b@h>',
      to: 'sip:a@h',
      subject: 'hi',
      waiting: true,
    } as never);
    phone.emit({ type: 'call-state', line: 1, state: 'ringing', status: 180, reason: 'Ringing' } as never);
    phone.emit({ type: 'call-state', line: 1, state: 'ended' } as never);
    phone.emit({ type: 'call-ended', line: 1, by: 'remote', cause: 'bye' } as never);
    phone.emit({ type: 'registration', profile: 'alice', state: 'registered', expires: 3600 } as never);
    phone.emit({ type: 'dtmf', line: 1, digit: '5', method: 'rfc2833' } as never);
    phone.emit({ type: 'line', line: 2 } as never);
    phone.emit({ type: 'something-new', x: 1 } as never);
    expect(out).toEqual([
      'Line 2: incoming call (waiting)\nFrom:    "Bob" <sip:b@h>\nTo:      sip:a@h\nSubject: hi',
      'Line 1: far end is ringing (180 Ringing)',
      'Line 1: call ended by remote, bye',
      'alice: registration registered, expires in 3600 s',
      'Line 1: DTMF 5 received (rfc2833)',
      '{"type":"something-new","x":1}',
    ]);
  });
});
