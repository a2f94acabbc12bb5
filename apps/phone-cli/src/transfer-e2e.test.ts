/**
 * End to end: three `twinkle` processes (their own config directories, --json, 127.0.0.1).
 * A calls B; A types `transfer` to C; B is asked (ask_user_to_refer is Twinkle's default)
 * and types `answer`; B's phone calls C, C answers; both A and B report the transfer done,
 * A's call ends and B talks to C on line 1.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

type Json = { type: string } & Record<string, unknown>;

/** One console process read as JSON lines; every wait is bounded. */
class Console {
  readonly lines: Json[] = [];
  readonly exited: Promise<number | null>;
  #err = '';

  constructor(
    readonly name: string,
    readonly child: ChildProcessWithoutNullStreams,
  ) {
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      const parts = (buf + d).split('\n');
      buf = parts.pop()!;
      for (const p of parts) if (p.trim() !== '') this.lines.push(JSON.parse(p) as Json);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      this.#err += d;
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  async waitFor(match: (j: Json) => boolean, ms = 8000): Promise<Json> {
    const end = Date.now() + ms;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (Date.now() > end)
        throw new Error(`${this.name}: no match in ${ms} ms; got ${JSON.stringify(this.lines)} ${this.#err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

const started: Console[] = [];
const dirs: string[] = [];

async function start(name: string, sipPort: number): Promise<Console> {
  const dir = await mkdtemp(join(tmpdir(), `twinkle-xfer-${name}-`));
  dirs.push(dir);
  const args = [
    '--config-dir',
    dir,
    '--json',
    '--address',
    '127.0.0.1',
    '--sip-port',
    String(sipPort),
    '--rtp-port',
    '0',
  ];
  // The sources run through tsx with the workspace's source condition, as vitest runs them.
  const child = spawn(process.execPath, ['--conditions=@twinkle/source', '--import', 'tsx', MAIN, ...args], {
    cwd: APP_DIR,
    env: { ...process.env, XDG_RUNTIME_DIR: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const c = new Console(name, child);
  started.push(c);
  return c;
}

afterAll(async () => {
  for (const c of started)
    if (c.child.exitCode === null && c.child.signalCode === null && c.child.pid !== undefined) {
      process.kill(c.child.pid, 'SIGKILL');
      await c.exited;
    }
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('three twinkle processes: transfer from the console', () => {
  it('A transfers B to C; B allows it with answer; B ends up talking to C', async () => {
    // Port 0: the system picks, the ready line tells (a port probed free for UDP alone
    // could be in use for TCP, which the phone binds too: EADDRINUSE on a busy machine).
    const [a, b, c] = [await start('a', 0), await start('b', 0), await start('c', 0)];
    const [, pb, pc] = [
      await a.waitFor((j) => j.type === 'ready', 15_000),
      await b.waitFor((j) => j.type === 'ready', 15_000),
      await c.waitFor((j) => j.type === 'ready', 15_000),
    ].map((r) => Number(String(r.sip).split(':').pop()));
    const user = userInfo().username;

    a.send(`call sip:${user}@127.0.0.1:${pb}`);
    await b.waitFor((j) => j.type === 'incoming-call');
    b.send('answer');
    await a.waitFor((j) => j.type === 'call-state' && j.state === 'answered');

    a.send(`transfer sip:${user}@127.0.0.1:${pc}`);
    expect(await a.waitFor((j) => j.type === 'result' && j.command === 'transfer')).toMatchObject({
      ok: true,
    });
    expect(await b.waitFor((j) => j.type === 'transfer-request')).toMatchObject({
      line: 1,
      target: `sip:${user}@127.0.0.1:${pc}`,
    });
    b.send('answer');
    const answered = (j: Json) => j.type === 'result' && j.command === 'answer' && j.message !== undefined;
    expect(await b.waitFor(answered)).toMatchObject({
      ok: true,
      message: 'Line 1: transfer allowed.',
    });
    await c.waitFor((j) => j.type === 'incoming-call');
    c.send('answer');
    await b.waitFor((j) => j.type === 'transfer' && j.state === 'succeeded');
    expect(await a.waitFor((j) => j.type === 'transfer' && j.state === 'succeeded')).toMatchObject({
      role: 'referrer',
      mode: 'blind',
      status: 200,
    });
    await a.waitFor((j) => j.type === 'call-ended' && j.line === 1);
    await b.waitFor((j) => j.type === 'call-ended' && j.line === 1);

    b.send('line');
    b.send('bye');
    await c.waitFor((j) => j.type === 'call-ended' && j.by === 'remote');
    for (const x of [a, b, c]) x.child.stdin.end();
    for (const x of [a, b, c]) expect(await x.exited).toBe(0);
  }, 40_000);
});
