import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScript } from './script-runner.js';

let dir: string;
const script = async (name: string, body: string): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
};

/** Whether a process runs: a zombie (killed, not yet reaped by whoever inherited it) does not. */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinkle-scripts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('startScript', () => {
  it('runs the program with exactly the given environment and collects its output', async () => {
    const s = await script(
      'env.sh',
      'echo "caller=$SIP_FROM_DISPLAY"; echo "path=$PATH"; test -z "$HOME" && echo home=unset',
    );
    const r = await startScript({
      argv: [s],
      env: { SIP_FROM_DISPLAY: 'Bob', PATH: '/usr/bin:/bin' },
      timeoutMs: 5000,
      collect: true,
    }).outcome;
    expect(r).toEqual({ kind: 'exited', code: 0, stdout: 'caller=Bob\npath=/usr/bin:/bin\nhome=unset\n' });
  });

  it('passes arguments as they are, without a shell', async () => {
    const s = await script('args.sh', 'for a in "$@"; do echo "[$a]"; done');
    const r = await startScript({
      argv: [s, '$(id)', '`id`', 'a;b', '*'],
      env: {},
      timeoutMs: 5000,
      collect: true,
    }).outcome;
    expect(r.kind === 'exited' && r.stdout).toBe('[$(id)]\n[`id`]\n[a;b]\n[*]\n');
  });

  it('a missing or non-executable program is a failure, not an exception', async () => {
    expect(
      (await startScript({ argv: [join(dir, 'nope')], env: {}, timeoutMs: 1000, collect: true }).outcome)
        .kind,
    ).toBe('failed');
    const plain = join(dir, 'plain.txt');
    await writeFile(plain, 'not a program');
    const r = await startScript({ argv: [plain], env: {}, timeoutMs: 1000, collect: true }).outcome;
    expect(r.kind).toBe('failed');
  });

  it('reports the exit status', async () => {
    const s = await script('fail.sh', 'echo half; exit 3');
    expect(await startScript({ argv: [s], env: {}, timeoutMs: 5000, collect: true }).outcome).toEqual({
      kind: 'exited',
      code: 3,
      stdout: 'half\n',
    });
  });

  it('a script that hangs is killed after the timeout together with what it started', async () => {
    const pidFile = join(dir, 'child.pid');
    const s = await script('hang.sh', `sleep 30 & echo $! > ${pidFile}; echo partial; wait`);
    const t0 = Date.now();
    const run = startScript({
      argv: [s],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      timeoutMs: 300,
      collect: true,
    });
    const r = await run.outcome;
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r).toEqual({ kind: 'killed', why: 'timeout', stdout: 'partial\n' });
    const child = Number((await readFile(pidFile, 'utf8')).trim());
    // The background sleep was in the script's process group: it went with it.
    const deadline = Date.now() + 2000;
    while (alive(child) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(alive(child)).toBe(false);
    expect(run.pid === undefined || !alive(run.pid)).toBe(true);
  });

  it('a script that floods its output is stopped', async () => {
    const s = await script('flood.sh', 'while :; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; done');
    const r = await startScript({ argv: [s], env: {}, timeoutMs: 5000, collect: true }).outcome;
    expect(r.kind === 'killed' && r.why).toBe('too-much-output');
  });

  it('a script that leaves a background job holding its output does not keep the phone waiting', async () => {
    const pidFile = join(dir, 'bg.pid');
    const s = await script('bg.sh', `sleep 30 & echo $! > ${pidFile}; echo action=continue`);
    const t0 = Date.now();
    const r = await startScript({
      argv: [s],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      timeoutMs: 5000,
      collect: true,
    }).outcome;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r).toEqual({ kind: 'exited', code: 0, stdout: 'action=continue\n' });
    process.kill(Number((await readFile(pidFile, 'utf8')).trim()), 'SIGKILL');
  });
});
