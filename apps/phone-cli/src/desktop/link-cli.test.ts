/** `twinkle --call LINK` as the desktop entry runs it: to a running instance, or starting one. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../cli.js';
import type { Engine } from '../console/engine-loader.js';
import { FakePhone } from '../console/fake-phone.test-util.js';
import { type RemoteServer, startRemoteServer } from '../remote/remote-server.js';
import { socketPath } from '../remote/socket-path.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinkle-link-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config-dir', dir, ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: {},
    ...extra,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('a link for the running instance', () => {
  let server: RemoteServer;
  const seen: string[] = [];
  beforeEach(async () => {
    seen.length = 0;
    server = await startRemoteServer(socketPath(dir, {}), async (req) => {
      seen.push(req.command);
      return { type: 'result', command: 'call', ok: true, message: 'ok' };
    });
  });
  afterEach(async () => {
    await server.close();
  });

  it('is sent as the destination it names; the instance completes it from its profile', async () => {
    expect((await run(['--call', 'callto://bob@example.com/'])).code).toBe(0);
    expect((await run(['--call', 'tel:+31%2020%20123'])).code).toBe(0);
    expect((await run(['--call', 'sip:carol'])).code).toBe(0);
    expect(seen).toEqual(['call bob@example.com', 'call "tel:+31 20 123"', 'call sip:carol']);
  });

  it('a link hiding a line break is refused before anything is sent', async () => {
    const r = await run(['--call', 'callto:bob%0Aquit']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('not a link the phone can call');
    expect(seen).toEqual([]);
  });
});

describe('a link with no instance running', () => {
  it('starts the phone, which places the call', async () => {
    const phones: FakePhone[] = [];
    const engine: Engine = {
      createPhone: async (o) => {
        const p = new FakePhone();
        p.profiles = o.profiles.map((x) => x.name);
        p.activeProfile = p.profiles[0]!;
        phones.push(p);
        return p;
      },
    };
    const stdin = new PassThrough();
    stdin.end(); // the end of input quits once the call has been placed
    const r = await run(['--call', 'callto:bob'], { engine, stdin, stdout: new PassThrough() });
    expect(r.code).toBe(0);
    expect(phones).toHaveLength(1);
    expect(phones[0]!.calls[0]).toBe('call bob {}');
  });
});
