import { describe, expect, it } from 'vitest';
import { COMMANDS } from './command-table.js';
import type { Command } from './command-types.js';
import { helpCommand, helpList } from './help.js';
import { completeCommand, dtmfKeys, parseCommand } from './parse-command.js';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  it.each<[string, string[]]>([
    ['call bob', ['call', 'bob']],
    ['  call\t bob  ', ['call', 'bob']],
    ['call -s "lunch today" bob', ['call', '-s', 'lunch today', 'bob']],
    ['call -s \'it is "me"\' bob', ['call', '-s', 'it is "me"', 'bob']],
    ['call -s "say \\"hi\\"" bob', ['call', '-s', 'say "hi"', 'bob']],
    ['a\\ b', ['a b']],
    ['x ""', ['x', '']],
    ['-s"a b"c', ['-sa bc']],
    ['', []],
  ])('%j', (line, words) => {
    expect(tokenize(line)).toEqual({ ok: true, words });
  });

  it('reports an unterminated quote', () => {
    expect(tokenize('call -s "oops bob')).toEqual({ ok: false, error: 'unterminated " quote' });
  });
});

describe('parseCommand: every command', () => {
  it.each<[string, Command]>([
    ['call bob', { name: 'call', uri: 'bob', hideIdentity: false }],
    ['invite sip:bob@example.com', { name: 'call', uri: 'sip:bob@example.com', hideIdentity: false }],
    [
      'call -s "lunch today" -d Bob -h bob@example.com',
      { name: 'call', uri: 'bob@example.com', subject: 'lunch today', display: 'Bob', hideIdentity: true },
    ],
    ['call -sHello bob', { name: 'call', uri: 'bob', subject: 'Hello', hideIdentity: false }],
    ['answer', { name: 'answer' }],
    ['answerbye', { name: 'answerbye' }],
    ['reject', { name: 'reject' }],
    ['bye', { name: 'bye' }],
    ['hold', { name: 'hold' }],
    ['retrieve', { name: 'retrieve' }],
    ['mute', { name: 'mute', show: false }],
    ['mute -s', { name: 'mute', show: true }],
    ['mute -a on', { name: 'mute', show: false, set: true }],
    ['mute -aoff', { name: 'mute', show: false, set: false }],
    ['dtmf 1234#', { name: 'dtmf', digits: '1234#', raw: false }],
    ['dtmf movies', { name: 'dtmf', digits: '668437', raw: false }],
    ['dtmf -r 12AB*', { name: 'dtmf', digits: '12AB*', raw: true }],
    ['dtmf -r abcd', { name: 'dtmf', digits: 'ABCD', raw: true }],
    ['dtmf -r12AB', { name: 'dtmf', digits: '12AB', raw: true }],
    ['redial', { name: 'redial' }],
    ['register', { name: 'register', all: false }],
    ['register -a', { name: 'register', all: true }],
    ['deregister', { name: 'deregister', all: false, allDevices: false }],
    ['deregister -a -d', { name: 'deregister', all: true, allDevices: true }],
    ['fetch_reg', { name: 'fetch_reg' }],
    ['options', { name: 'options' }],
    ['options bob@example.com', { name: 'options', uri: 'bob@example.com' }],
    ['line', { name: 'line', other: false }],
    ['line 2', { name: 'line', other: false, line: 2 }],
    ['line -o', { name: 'line', other: true }],
    ['line 0', { name: 'line', other: false }],
    ['user', { name: 'user' }],
    ['user work', { name: 'user', profile: 'work' }],
    ['dnd', { name: 'dnd', show: false }],
    ['dnd -a on', { name: 'dnd', show: false, set: true }],
    ['auto_answer -s', { name: 'auto_answer', show: true }],
    ['auto_answer -a off', { name: 'auto_answer', show: false, set: false }],
    ['history', { name: 'history' }],
    ['quit', { name: 'quit' }],
    ['exit', { name: 'quit' }],
    ['q', { name: 'quit' }],
    ['x', { name: 'quit' }],
    ['help', { name: 'help' }],
    ['help dtmf', { name: 'help', topic: 'dtmf' }],
    ['help ans', { name: 'help', topic: 'answer' }],
    ['?', { name: 'help' }],
    ['h call', { name: 'help', topic: 'call' }],
  ])('%s', (line, command) => {
    expect(parseCommand(line)).toEqual({ ok: true, command });
  });
});

describe('parseCommand: prefixes and case', () => {
  it.each<[string, string]>([
    ['ans', 'answer'],
    ['answerb', 'answerbye'],
    ['answer', 'answer'],
    ['ret', 'retrieve'],
    ['ca bob', 'call'],
    ['inv bob', 'call'],
    ['fe', 'fetch_reg'],
    ['au', 'auto_answer'],
    ['hi', 'history'],
    ['ho', 'hold'],
    ['qu', 'quit'],
    ['ex', 'quit'],
    ['ANSWER', 'answer'],
    ['Bye', 'bye'],
  ])('%s is %s', (line, name) => {
    const r = parseCommand(line);
    expect(r.ok && r.command.name).toBe(name);
  });

  it('an exact name wins over a longer one it prefixes (answer, not answerbye)', () => {
    expect(completeCommand('answer')).toMatchObject({ ok: true, spec: { name: 'answer' } });
  });

  it.each<[string, string[]]>([
    ['re', ['reject', 'retrieve', 'refer', 'redial', 'register', 'redirect']],
    ['d', ['dtmf', 'deregister', 'dnd']],
    ['a', ['addressbook', 'answer', 'answerbye', 'auto_answer']],
  ])('%s is ambiguous and the error lists %j', (word, candidates) => {
    const r = parseCommand(word);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('ambiguous');
    expect([...(r.error.candidates ?? [])].sort()).toEqual([...candidates].sort());
    for (const c of candidates) expect(r.error.message).toContain(c);
  });

  it('an unknown word is unknown', () => {
    expect(parseCommand('frobnicate')).toMatchObject({ ok: false, error: { code: 'unknown' } });
  });

  it('an empty line is empty', () => {
    expect(parseCommand('   ')).toMatchObject({ ok: false, error: { code: 'empty' } });
  });
});

describe('parseCommand: syntax errors name the command and its usage', () => {
  it.each<[string, string, string]>([
    ['call', 'call', 'missing'],
    ['call -s', 'call', '-s needs a value'],
    ['call -x bob', 'call', 'unknown option -x'],
    ['call -hx bob', 'call', '-h takes no value'],
    ['call bob alice', 'call', 'too many arguments: alice'],
    ['answer now', 'answer', 'too many'],
    ['hold -t', 'hold', 'unknown option -t'],
    ['mute -a maybe', 'mute', 'on or off'],
    ['dnd -a', 'dnd', '-a needs a value'],
    ['dtmf', 'dtmf', 'missing'],
    ['dtmf 12!', 'dtmf', 'not DTMF keys'],
    ['dtmf -r 12X', 'dtmf', 'not DTMF keys'],
    ['line -1', 'line', 'unknown option -1'],
    ['line two', 'line', 'not a line number'],
    ['line -o 2', 'line', 'do not go together'],
    ['register -d', 'register', 'unknown option -d'],
    ['help nothing', 'help', 'no command nothing'],
    ['call - bob', 'call', 'lone'],
    ['call -s "x', 'call', 'unterminated'],
  ])('%s', (line, command, text) => {
    const r = parseCommand(line);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('syntax');
    expect(r.error.message).toContain(text);
    // A tokenizer error has no command yet.
    if (!text.includes('unterminated')) {
      expect(r.error.command).toBe(command);
      expect(r.error.message).toContain('usage:');
    }
  });
});

describe('dtmfKeys', () => {
  it('maps every keypad letter', () => {
    expect(dtmfKeys('abcdefghijklmnopqrstuvwxyz', false)).toBe('22233344455566677778889999');
  });
  it('keeps * and # in both modes', () => {
    expect(dtmfKeys('*#', false)).toBe('*#');
    expect(dtmfKeys('*#', true)).toBe('*#');
  });
});

describe('help', () => {
  it('lists every command once', () => {
    const text = helpList();
    for (const c of COMMANDS) expect(text).toMatch(new RegExp(`^${c.name.replace('?', '\\?')}\\s`, 'm'));
  });
  it('shows usage, aliases and options of a command', () => {
    const text = helpCommand('call');
    expect(text).toContain('Usage: call [-s subject] [-d display] [-h] destination');
    expect(text).toContain('Also: invite');
    expect(text).toContain('-h');
  });
  it('every command has usage and details', () => {
    for (const c of COMMANDS) {
      expect(helpCommand(c.name)).toContain(`Usage: ${c.name}`);
      expect(c.details.length).toBeGreaterThan(0);
    }
  });
});
