import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { socketPath } from '../remote/socket-path.js';
import type { Engine, EngineOptions } from './engine-loader.js';
import { FakePhone } from './fake-phone.test-util.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinkle-app-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fakeEngine() {
  const phones: FakePhone[] = [];
  const options: EngineOptions[] = [];
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
  return { engine, phones, options };
}

/** Starts the console phone in-process with stdin and stdout as streams. */
function start(args: string[], engine: Engine) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: string[] = [];
  let buf = '';
  stdout.setEncoding('utf8');
  stdout.on('data', (d: string) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  const err: string[] = [];
  const done = runCli(['--config-dir', dir, ...args], {
    out: (l) => lines.push(l),
    err: (l) => err.push(l),
    stdin,
    stdout,
    env: {},
    engine,
  });
  return { stdin, lines, err, done };
}

async function until(check: () => Promise<boolean> | boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

async function cmd(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config-dir', dir, ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: {},
  });
  return { code, out, err };
}

describe('the console phone', () => {
  it('starts with the first-run profile, takes commands from a pipe, prints JSON, quits at the end of input', async () => {
    const { engine, phones, options } = fakeEngine();
    const app = start(['--json', '--sip-port', '0', '--rtp-port', '0', '--address', '127.0.0.1'], engine);
    // Events reach the console once it printed its ready line.
    await until(() => app.lines.some((l) => l.includes('"ready"')));
    expect(options[0]).toMatchObject({ settings: { sipPort: 0, rtpPort: 0 }, address: '127.0.0.1' });
    app.stdin.write('call bob\n');
    app.stdin.write('dnd -a on\n');
    phones[0]!.emit({ type: 'incoming-call', line: 2, from: 'sip:x@y' } as never);
    app.stdin.end('re\n');
    expect(await app.done).toBe(0);
    const objects = app.lines.map((l) => JSON.parse(l) as { type: string; command?: string; ok?: boolean });
    expect(objects[0]).toMatchObject({ type: 'ready', socket: socketPath(dir, {}) });
    expect(objects.filter((o) => o.type === 'result').map((o) => [o.command, o.ok])).toEqual([
      ['call', true],
      ['dnd', true],
      ['re', false],
      ['quit', true],
    ]);
    expect(objects.some((o) => o.type === 'incoming-call')).toBe(true);
    expect(phones[0]!.calls).toEqual(['call bob {}', 'dnd true', 'quit']);
    // dnd was saved to the profile's .svc file, as Twinkle keeps it.
    const profile = options[0]!.profiles[0]!.name;
    expect(await readFile(join(dir, `${profile}.svc`), 'utf8')).toMatch(/^dnd=yes$/m);
    // Lock and socket are gone.
    expect(await exists(join(dir, 'twinkle.lck'))).toBe(false);
    expect(await exists(socketPath(dir, {}))).toBe(false);
  });

  it('answers --cmd, refuses a second instance unless --force, and quits from a remote quit', async () => {
    const { engine, phones } = fakeEngine();
    const a = start(['--json'], engine);
    await until(() => exists(socketPath(dir, {})));

    const r = await cmd(['--cmd', 'auto_answer -a on']);
    expect(r).toMatchObject({ code: 0, out: ['Auto answer enabled.'] });
    expect(phones[0]!.calls).toContain('auto true');
    expect((await cmd(['--cmd', 'frobnicate'])).code).toBe(1);

    const second = start([], engine);
    expect(await second.done).toBe(1);
    expect(second.err.join('\n')).toContain('another instance');

    const forced = start(['--force'], engine);
    await until(() => forced.lines.some((l) => l.includes('takes no remote commands')));
    forced.stdin.end();
    expect(await forced.done).toBe(0);
    // The forced instance left the first one's socket alone (the lock across processes: next test).
    expect((await cmd(['--cmd', 'line'])).out).toEqual(['Active line is: 1']);

    const t0 = Date.now();
    expect((await cmd(['--cmd', 'quit'])).code).toBe(0);
    expect(await a.done).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect((await cmd(['--cmd', 'line'])).code).toBe(1);
  });

  it('--set-profile with -f chooses the active profile at start', async () => {
    const { writeFile } = await import('node:fs/promises');
    for (const n of ['alice', 'work'])
      await writeFile(join(dir, `${n}.cfg`), `user_name=${n}\nuser_domain=127.0.0.1\n`, { mode: 0o600 });
    const { engine, phones } = fakeEngine();
    const app = start(['-f', 'alice work', '--set-profile', 'work'], engine);
    await until(() => phones.length === 1);
    app.stdin.end('user\n');
    expect(await app.done).toBe(0);
    expect(phones[0]!.calls[0]).toBe('user work');
    expect(app.lines.join('\n')).toContain('* work');
  });

  it('refuses to start beside a live instance that holds twinkle.lck, unless --force', async () => {
    const { spawn } = await import('node:child_process');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'me.cfg'), 'user_name=me\nuser_domain=127.0.0.1\n', { mode: 0o600 });
    // Another process that stays alive; its PID goes into the lock file as an instance's would.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      await writeFile(join(dir, 'twinkle.lck'), `${other.pid}\n`, { mode: 0o600 });
      const { engine, phones } = fakeEngine();
      const refused = start([], engine);
      expect(await refused.done).toBe(1);
      expect(refused.err.join('\n')).toContain(`another instance (PID ${other.pid})`);
      expect(phones).toHaveLength(0);
      const forced = start(['--force'], engine);
      await until(() => phones.length === 1);
      forced.stdin.end();
      expect(await forced.done).toBe(0);
      // The live owner's lock stays.
      expect(await readFile(join(dir, 'twinkle.lck'), 'utf8')).toBe(`${other.pid}\n`);
    } finally {
      const gone = new Promise((r) => other.once('exit', r));
      if (other.pid !== undefined) process.kill(other.pid, 'SIGKILL');
      await gone;
    }
  });

  it('several profiles and no choice: says which exist', async () => {
    const { writeFile } = await import('node:fs/promises');
    for (const n of ['alice', 'work'])
      await writeFile(join(dir, `${n}.cfg`), `user_name=${n}\nuser_domain=127.0.0.1\n`, { mode: 0o600 });
    const { engine } = fakeEngine();
    const app = start([], engine);
    expect(await app.done).toBe(1);
    expect(app.err.join('\n')).toContain('alice, work');
  });
});
