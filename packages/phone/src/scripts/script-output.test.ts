import { describe, expect, it } from 'vitest';
import { splitCommand } from './script-command.js';
import { parseScriptOutput } from './script-output.js';

describe('parseScriptOutput', () => {
  it('reads every parameter, comments, blank lines and repeated display_msg', () => {
    const r = parseScriptOutput(
      [
        '# screening result',
        '',
        '  action = reject ',
        'reason=Not today',
        'caller_name=ACME Corp',
        'ringtone=/usr/share/sounds/vip.wav',
        'display_msg=Customer since 2004',
        'display_msg=Open ticket: #4711',
        'unknown_key=ignored',
      ].join('\n'),
    );
    expect(r).toEqual({
      action: 'reject',
      reason: 'Not today',
      callerName: 'ACME Corp',
      ringtone: '/usr/share/sounds/vip.wav',
      displayMessages: ['Customer since 2004', 'Open ticket: #4711'],
      problems: [],
    });
  });

  it('stops at end, so what a script prints afterwards does not count', () => {
    expect(parseScriptOutput('action=dnd\nend\naction=reject\n').action).toBe('dnd');
  });

  it('takes actions in any case and keeps the value after the first =', () => {
    const r = parseScriptOutput('action=AutoAnswer\ndisplay_msg=a=b\n');
    expect(r.action).toBe('autoanswer');
    expect(r.displayMessages).toEqual(['a=b']);
  });

  it('cuts reason to 50 characters, as Twinkle does', () => {
    expect(parseScriptOutput(`action=reject\nreason=${'x'.repeat(80)}`).reason).toBe('x'.repeat(50));
  });

  it('an unknown action is reported and the call continues', () => {
    const r = parseScriptOutput('action=explode\n');
    expect(r.action).toBe('continue');
    expect(r.problems).toEqual(['unknown action "explode"']);
  });

  it('garbage lines are reported, the sensible ones still count', () => {
    const r = parseScriptOutput('\u0000\u0001binary\nHello world\ncaller_name=Bob\n');
    expect(r.action).toBe('continue');
    expect(r.callerName).toBe('Bob');
    expect(r.problems).toHaveLength(2);
  });

  it('redirect without contact= is no redirect', () => {
    const r = parseScriptOutput('action=redirect\n');
    expect(r.action).toBe('continue');
    expect(r.problems).toEqual(['action=redirect without contact=']);
    expect(parseScriptOutput('action=redirect\ncontact=sip:desk@example.com').contact).toBe(
      'sip:desk@example.com',
    );
  });

  it('internal_error voids the result', () => {
    const r = parseScriptOutput('action=reject\ninternal_error=No such file: /x\naction=dnd');
    expect(r.action).toBe('continue');
    expect(r.problems).toEqual(['No such file: /x']);
  });

  it('control characters in values become spaces', () => {
    expect(parseScriptOutput('caller_name=A\u001b[2JB\r').callerName).toBe('A [2JB');
  });
});

describe('splitCommand', () => {
  it('splits on white space, keeps quoted words together and takes backslash escapes', () => {
    expect(splitCommand('  /usr/bin/screen.sh  -v "two words" a\\ b  ')).toEqual([
      '/usr/bin/screen.sh',
      '-v',
      'two words',
      'a b',
    ]);
    expect(splitCommand('"" x')).toEqual(['', 'x']);
    expect(splitCommand('   ')).toEqual([]);
  });

  it('shell syntax is just text', () => {
    expect(splitCommand('/bin/echo $(id) `id` ; rm -rf / | cat')).toEqual([
      '/bin/echo',
      '$(id)',
      '`id`',
      ';',
      'rm',
      '-rf',
      '/',
      '|',
      'cat',
    ]);
  });
});
