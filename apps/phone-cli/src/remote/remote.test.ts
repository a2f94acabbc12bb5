import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandResult, RemoteRequest } from './protocol.js';
import { parseRequest, parseResult } from './protocol.js';
import { sendRemoteCommand } from './remote-client.js';
import { type RemoteServer, SocketInUseError, socketIsLive, startRemoteServer } from './remote-server.js';
import { socketPath } from './socket-path.js';

let dir: string;
const servers: RemoteServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinkle-remote-'));
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  await rm(dir, { recursive: true, force: true });
});

const echo = async ({ command: line, immediate }: RemoteRequest): Promise<CommandResult> => ({
  type: 'result',
  command: line.split(' ')[0] ?? '',
  ok: !line.includes('fail'),
  message: `ran ${line}${immediate ? ' at once' : ''}`,
});

describe('socketPath', () => {
  it('is <config-dir>/twinkle.sock without XDG_RUNTIME_DIR', () => {
    expect(socketPath('/home/a/.twinkle', {})).toBe('/home/a/.twinkle/twinkle.sock');
  });
  it('is a hash of the config dir under $XDG_RUNTIME_DIR/twinkle', () => {
    const a = socketPath('/home/a/.twinkle', { XDG_RUNTIME_DIR: '/run/user/1000' });
    const b = socketPath('/home/a/other', { XDG_RUNTIME_DIR: '/run/user/1000' });
    expect(a).toMatch(/^\/run\/user\/1000\/twinkle\/[0-9a-f]{16}\.sock$/);
    expect(a).not.toBe(b);
    expect(socketPath('/home/a/.twinkle/', { XDG_RUNTIME_DIR: '/run/user/1000' })).toBe(a);
  });
});

describe('protocol', () => {
  it('parses requests and results, and refuses anything else', () => {
    expect(parseRequest('{"command":"call bob"}')).toEqual({ command: 'call bob' });
    expect(parseRequest('{"command":"call bob","immediate":true}')).toEqual({
      command: 'call bob',
      immediate: true,
    });
    expect(parseRequest('call bob')).toBeUndefined();
    expect(parseRequest('{"command":1}')).toBeUndefined();
    expect(parseRequest('null')).toBeUndefined();
    expect(parseResult('{"type":"result","command":"bye","ok":false}')).toEqual({
      type: 'result',
      command: 'bye',
      ok: false,
    });
    expect(parseResult('{"type":"event"}')).toBeUndefined();
    expect(parseResult('{')).toBeUndefined();
  });
});

describe('remote control over the socket', () => {
  it('runs a command sent by a client and returns its result', async () => {
    const path = socketPath(dir, {});
    servers.push(await startRemoteServer(path, echo));
    const r = await sendRemoteCommand(path, 'call sip:bob@127.0.0.1', { timeoutMs: 2000 });
    expect(r).toEqual({
      ok: true,
      result: { type: 'result', command: 'call', ok: true, message: 'ran call sip:bob@127.0.0.1' },
    });
    const i = await sendRemoteCommand(path, 'call bob', { timeoutMs: 2000, immediate: true });
    expect(i.ok && i.result.message).toBe('ran call bob at once');
    const f = await sendRemoteCommand(path, 'bye fail', { timeoutMs: 2000 });
    expect(f.ok && f.result.ok).toBe(false);
  });

  it('makes the socket 0600 in a 0700 directory', async () => {
    const runtime = join(dir, 'run');
    const path = socketPath(join(dir, 'cfg'), { XDG_RUNTIME_DIR: runtime });
    servers.push(await startRemoteServer(path, echo));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(runtime, 'twinkle'))).mode & 0o777).toBe(0o700);
  });

  it('says no instance runs when nothing listens', async () => {
    const r = await sendRemoteCommand(join(dir, 'twinkle.sock'), 'answer', { timeoutMs: 2000 });
    expect(r).toMatchObject({ ok: false, reason: 'no-instance' });
  });

  it('removes a stale socket left by a dead instance and listens', async () => {
    const path = join(dir, 'twinkle.sock');
    // A crashed instance: a process listens, then dies by SIGKILL; its socket file stays.
    const child = spawn(
      process.execPath,
      ['-e', "require('net').createServer().listen(process.argv[1], () => console.log('up'))", path],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('child did not listen')), 5000);
        child.stdout.once('data', () => {
          clearTimeout(t);
          resolve();
        });
      });
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      await exited;
    }
    expect((await stat(path)).isSocket()).toBe(true);
    expect(await socketIsLive(path, 500)).toBe(false);
    servers.push(await startRemoteServer(path, echo));
    const r = await sendRemoteCommand(path, 'help', { timeoutMs: 2000 });
    expect(r.ok).toBe(true);
  });

  it('refuses a second server on a live socket', async () => {
    const path = join(dir, 'twinkle.sock');
    servers.push(await startRemoteServer(path, echo));
    await expect(startRemoteServer(path, echo)).rejects.toBeInstanceOf(SocketInUseError);
    // The first still works.
    expect((await sendRemoteCommand(path, 'help', { timeoutMs: 2000 })).ok).toBe(true);
  });

  it('answers a request still running when it closes (a remote quit gets its result)', async () => {
    const path = join(dir, 'twinkle.sock');
    let started: () => void = () => {};
    const running = new Promise<void>((r) => {
      started = r;
    });
    const server = await startRemoteServer(path, async ({ command }) => {
      started();
      await new Promise((r) => setTimeout(r, 100));
      return { type: 'result', command, ok: true };
    });
    const outcome = sendRemoteCommand(path, 'quit', { timeoutMs: 2000 });
    await running;
    await server.close();
    expect(await outcome).toEqual({ ok: true, result: { type: 'result', command: 'quit', ok: true } });
  });

  it('refuses to replace a file that is not a socket', async () => {
    const path = join(dir, 'twinkle.sock');
    await writeFile(path, 'x');
    await expect(startRemoteServer(path, echo)).rejects.toThrow('not a socket');
  });

  it('answers a bad request with a failed result, and several requests in order', async () => {
    const path = join(dir, 'twinkle.sock');
    servers.push(await startRemoteServer(path, echo));
    const { connect } = await import('node:net');
    const lines = await new Promise<string[]>((resolve, reject) => {
      const s = connect(path);
      let got = '';
      const t = setTimeout(() => reject(new Error('timeout')), 2000);
      s.setEncoding('utf8');
      s.on('connect', () => s.write('nonsense\n{"command":"a"}\n{"command":"b"}\n'));
      s.on('data', (d: string) => {
        got += d;
        if (got.split('\n').length > 3) {
          clearTimeout(t);
          s.destroy();
          resolve(got.trim().split('\n'));
        }
      });
    });
    expect(lines.map((l) => JSON.parse(l) as CommandResult).map((r) => [r.command, r.ok])).toEqual([
      ['', false],
      ['a', true],
      ['b', true],
    ]);
  });
});
