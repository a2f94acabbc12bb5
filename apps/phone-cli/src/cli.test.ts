import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from './cli.js';
import type { RemoteServer } from './remote/remote-server.js';
import { startRemoteServer } from './remote/remote-server.js';
import { socketPath } from './remote/socket-path.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinkle-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: {},
    ...extra,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('twinkle console', () => {
  it('prints its version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^twinkle \d+\.\d+\.\d+$/);
  });

  it('prints help with Twinkle flags', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const f of [
      'Usage: twinkle',
      '-f PROFILES',
      '--call URI',
      '--cmd',
      '--immediate',
      '--set-profile',
      '--force',
    ])
      expect(r.out).toContain(f);
  });

  it('--help-cli lists the console commands, --help-cli CMD shows one', async () => {
    expect((await run(['--help-cli'])).out).toContain('fetch_reg');
    expect((await run(['--help-cli', 'dtm'])).out).toContain('Usage: dtmf [-r] keys');
    expect((await run(['--help-cli', 'nothing'])).code).toBe(2);
  });

  it('lists audio devices, the virtual ones at least', async () => {
    const r = await run(['--list-audio']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('null');
    expect(r.out).toContain('record:');
  });

  it('rejects an unknown option with exit code 2', async () => {
    const r = await run(['--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no-such-flag');
  });

  it('says plainly when the call engine is not available, after writing the first-run profile', async () => {
    const r = await run(['--config-dir', dir, '-c'], { engine: undefined });
    expect(r.code).toBe(1);
    expect(r.err).toContain('no call engine is available');
  });

  it('--cmd without a running instance fails with exit 1 and says why', async () => {
    const r = await run(['--config-dir', dir, '--cmd', 'answer']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no twinkle instance is running');
  });

  describe('against a listening instance', () => {
    let server: RemoteServer;
    const seen: string[] = [];
    beforeEach(async () => {
      seen.length = 0;
      server = await startRemoteServer(socketPath(dir, {}), async (req) => {
        seen.push(`${req.command}${req.immediate ? ' !' : ''}`);
        const name = req.command.split(' ')[0] ?? '';
        return req.command.includes('nobody')
          ? { type: 'result', command: name, ok: false, message: 'Unknown user profile: nobody' }
          : { type: 'result', command: name, ok: true, message: `done ${req.command}` };
      });
    });
    afterEach(async () => {
      await server.close();
    });

    it('--call sends call URI and prints the result', async () => {
      const r = await run(['--config-dir', dir, '--call', 'sip:bob@127.0.0.1']);
      expect(r).toMatchObject({ code: 0, out: 'done call sip:bob@127.0.0.1' });
      expect(seen).toEqual(['call sip:bob@127.0.0.1']);
    });

    it('--immediate is passed on; --set-profile goes first', async () => {
      const r = await run(['--config-dir', dir, '--set-profile', 'work', '--call', 'bob', '--immediate']);
      expect(r.code).toBe(0);
      expect(seen).toEqual(['user work !', 'call bob !']);
    });

    it('a failed command exits 1 and stops there', async () => {
      const r = await run(['--config-dir', dir, '--set-profile', 'nobody', '--cmd', 'answer']);
      expect(r.code).toBe(1);
      expect(r.err).toContain('Unknown user profile: nobody');
      expect(seen).toEqual(['user nobody']);
    });

    it('--json prints the result object', async () => {
      const r = await run(['--config-dir', dir, '--json', '--cmd', 'dtmf "1 2"']);
      expect(JSON.parse(r.out)).toEqual({
        type: 'result',
        command: 'dtmf',
        ok: true,
        message: 'done dtmf "1 2"',
      });
    });
  });

  it('--new-profile asks the account fields and writes the profile', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    input.end('alice\nsip.example.com\nAlice\n\nsecret\n\n\ny\n');
    const r = await run(['--config-dir', dir, '--new-profile', 'provider'], { stdin: input, stdout: output });
    expect(r.code).toBe(0);
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(join(dir, 'provider.cfg'), 'utf8');
    expect(text).toMatch(/^user_name=alice$/m);
    expect(text).toMatch(/^user_domain=sip\.example\.com$/m);
    expect(text).toMatch(/^auth_pass=secret$/m);
    expect(text).toMatch(/^registrar=sip\.example\.com$/m);
    const again = await run(['--config-dir', dir, '--new-profile', 'provider'], {
      stdin: new PassThrough().end('a\nb.example\n\n\n\n\n\n\n'),
      stdout: new PassThrough(),
    });
    expect(again.code).toBe(1);
    expect(again.err).toContain('exists');
  });
});
