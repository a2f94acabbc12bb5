/**
 * Call forwarding set on the console lands in `<profile>.svc` with Twinkle's keys
 * (cf_always, cf_busy, cf_noanswer, one line per destination) and comes back at the next start.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import type { Engine, EngineOptions } from './engine-loader.js';
import { FakePhone } from './fake-phone.test-util.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinkle-redirect-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the console with `input` on stdin and a recording fake engine; resolves when it quit. */
async function run(input: string) {
  const options: EngineOptions[] = [];
  const phones: FakePhone[] = [];
  const engine: Engine = {
    createPhone: async (o) => {
      options.push(o);
      const p = new FakePhone();
      p.profiles = o.profiles.map((x) => x.name);
      p.activeProfile = p.profiles[0]!;
      phones.push(p);
      return p;
    },
  };
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: string[] = [];
  stdout.setEncoding('utf8');
  stdout.on('data', (d: string) => lines.push(...d.split('\n').filter((l) => l !== '')));
  const done = runCli(['--config-dir', dir, '--json', '--sip-port', '0'], {
    out: (l) => lines.push(l),
    err: () => {},
    stdin,
    stdout,
    env: {},
    engine,
  });
  stdin.end(input);
  const code = await done;
  return { code, options, phones, lines };
}

describe('redirect -t on the console', () => {
  it('saves the forwarding services with Twinkle keys and loads them at the next start', async () => {
    const first = await run(
      [
        'redirect -t always sip:carol@example.com sip:dave@example.com',
        'redirect -t noanswer bob',
        'redirect -t always -a off',
        'redirect -t busy sip:voicemail@example.com',
        '',
      ].join('\n'),
    );
    expect(first.code).toBe(0);
    expect(first.phones[0]!.calls).toEqual([
      'forward always sip:carol@example.com,sip:dave@example.com',
      'forward noanswer bob',
      'forward always ',
      'forward busy sip:voicemail@example.com',
      'quit',
    ]);
    const profile = first.options[0]!.profiles[0]!.name;
    const svc = await readFile(join(dir, `${profile}.svc`), 'utf8');
    expect(svc).toMatch(/^cf_busy=sip:voicemail@example\.com$/m);
    expect(svc).toMatch(/^cf_noanswer=bob$/m);
    expect(svc).not.toMatch(/^cf_always=/m);
    const second = await run('redirect -s\n');
    expect(second.options[0]!.profiles[0]!.services).toMatchObject({
      cfAlways: [],
      cfBusy: ['sip:voicemail@example.com'],
      cfNoanswer: ['bob'],
    });
    const shown = second.lines
      .map((l) => JSON.parse(l) as { command?: string; message?: string })
      .find((o) => o.command === 'redirect');
    expect(shown?.message).toBe(
      'Redirect always: not active\nRedirect busy: sip:voicemail@example.com\nRedirect no answer: bob',
    );
  });
});
