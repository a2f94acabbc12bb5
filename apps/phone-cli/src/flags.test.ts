import { describe, expect, it } from 'vitest';
import { parseFlags } from './flags.js';

const ok = (args: string[]) => {
  const r = parseFlags(args);
  if (!r.ok) throw new Error(r.error);
  return r.flags;
};
const err = (args: string[]) => {
  const r = parseFlags(args);
  if (r.ok) throw new Error('parsed');
  return r.error;
};

describe('flags', () => {
  it('defaults', () => {
    expect(ok([])).toEqual({
      immediate: false,
      force: false,
      help: false,
      helpCli: false,
      version: false,
      json: false,
      listAudio: false,
      installUrlHandler: false,
    });
  });

  it.each<[string[], Record<string, unknown>]>([
    [['-f', 'alice work'], { profiles: 'alice work' }],
    [['-f', 'alice'], { profiles: 'alice' }],
    [['-c'], {}],
    [['--sip-port', '5070', '--rtp-port', '9000'], { sipPort: 5070, rtpPort: 9000 }],
    [['--sip-port', '0'], { sipPort: 0 }],
    [['--call', 'sip:bob@example.com'], { call: 'sip:bob@example.com' }],
    [['--call', 'bob', '--immediate'], { call: 'bob', immediate: true }],
    [['--cmd', 'dtmf 123'], { cmd: 'dtmf 123' }],
    [['--install-url-handler'], { installUrlHandler: true }],
    [['--set-profile', 'work'], { setProfile: 'work' }],
    [['--set-profile', 'work', '--cmd', 'register'], { setProfile: 'work', cmd: 'register' }],
    [['--force'], { force: true }],
    [['--help'], { help: true }],
    [['-h'], { help: true }],
    [['--help-cli'], { helpCli: true }],
    [['--help-cli', 'call'], { helpCli: true, helpCliTopic: 'call' }],
    [['--version'], { version: true }],
    [['--config-dir', '/tmp/x'], { configDir: '/tmp/x' }],
    [['--json'], { json: true }],
    [['--list-audio'], { listAudio: true }],
    [['--new-profile', 'provider'], { newProfile: 'provider' }],
    [['--address', '127.0.0.1'], { address: '127.0.0.1' }],
  ])('%j', (args, expected) => {
    expect(ok(args)).toMatchObject(expected);
  });

  it.each<[string[], string]>([
    [['--no-such-flag'], 'no-such-flag'],
    [['--sip-port', 'x'], '--sip-port takes a port number'],
    [['--rtp-port', '70000'], '--rtp-port takes a port number'],
    [['--call'], 'call'],
    [['--call', 'a', '--cmd', 'b'], 'do not go together'],
    [['--immediate'], '--immediate goes with --call or --cmd'],
    [['stray'], 'unexpected argument: stray'],
    [['--help-cli', 'a', 'b'], 'unexpected argument'],
  ])('%j is refused', (args, text) => {
    expect(err(args)).toContain(text);
  });
});
