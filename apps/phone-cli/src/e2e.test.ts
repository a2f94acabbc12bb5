/**
 * End to end: two `twinkle` processes with their own config directories on
 * 127.0.0.1, driven through stdin pipes and read as --json lines. One calls
 * the other, the other answers, both see media, DTMF crosses, bye, quit.
 */
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { TwinkleProcesses } from './twinkle-process.test-util.js';

/** A port free for UDP and for TCP on 127.0.0.1: the phone binds both on --sip-port. */
async function freeUdpPort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    const port = s.address().port;
    await new Promise<void>((r) => s.close(() => r()));
    // A port the system gave to UDP may be taken for TCP (an outgoing connection).
    const tcp = createServer();
    const free = await new Promise<boolean>((r) => {
      tcp.once('error', () => r(false));
      tcp.listen({ port, host: '127.0.0.1', exclusive: true }, () => tcp.close(() => r(true)));
    });
    if (free) return port;
  }
  throw new Error('no port free for both UDP and TCP');
}

const phones = new TwinkleProcesses();
afterAll(() => phones.stopAll());

describe('two twinkle processes on 127.0.0.1', () => {
  it('call, answer, media on both sides, DTMF, --cmd, bye, quit within a few seconds', async () => {
    const [portA, portB] = [await freeUdpPort(), await freeUdpPort()];
    const a = await phones.start('a', portA);
    const b = await phones.start('b', portB);
    await a.waitFor((j) => j.type === 'ready', 15_000);
    // The ready line says where SIP listens.
    expect(await b.waitFor((j) => j.type === 'ready', 15_000)).toMatchObject({ sip: `127.0.0.1:${portB}` });

    const user = userInfo().username;
    a.send(`call sip:${user}@127.0.0.1:${portB}`);
    expect(await a.waitFor((j) => j.type === 'result' && j.command === 'call')).toMatchObject({ ok: true });
    const incoming = await b.waitFor((j) => j.type === 'incoming-call');
    expect(incoming).toMatchObject({ line: 1, waiting: false });
    await a.waitFor((j) => j.type === 'call-state' && j.state === 'ringing');

    b.send('answer');
    expect(await b.waitFor((j) => j.type === 'result' && j.command === 'answer')).toMatchObject({ ok: true });
    const mediaA = await a.waitFor((j) => j.type === 'media');
    const mediaB = await b.waitFor((j) => j.type === 'media');
    expect(typeof mediaA.codec).toBe('string');
    expect(mediaA.codec).toBe(mediaB.codec);
    await a.waitFor((j) => j.type === 'call-state' && j.state === 'answered');

    a.send('dtmf 5#');
    await b.waitFor((j) => j.type === 'dtmf' && j.digit === '5');
    await b.waitFor((j) => j.type === 'dtmf' && j.digit === '#');

    // The remote-control client reaches the running instance of a config directory.
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--config-dir', b.dir, '--cmd', 'line'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: {},
    });
    expect({ code, out, err }).toEqual({ code: 0, out: ['Active line is: 1'], err: [] });

    a.send(`options sip:${user}@127.0.0.1:${portB}`);
    const options = await a.waitFor((j) => j.type === 'result' && j.command === 'options');
    expect(options).toMatchObject({ ok: true, data: { status: 200 } });

    a.send('hold');
    await b.waitFor((j) => j.type === 'call-state' && j.state === 'remote-held');
    a.send('retrieve');
    expect(await a.waitFor((j) => j.type === 'result' && j.command === 'retrieve')).toMatchObject({
      ok: true,
    });

    a.send('bye');
    expect(await a.waitFor((j) => j.type === 'call-ended')).toMatchObject({ by: 'local', cause: 'bye' });
    expect(await b.waitFor((j) => j.type === 'call-ended')).toMatchObject({ by: 'remote', cause: 'bye' });

    // Both calls are in the history (twinkle.ch), and the history command shows them.
    a.send('history');
    const history = await a.waitFor((j) => j.type === 'result' && j.command === 'history');
    expect(history.message).toContain(`127.0.0.1:${portB}`);
    // The engine saves twinkle.ch after the call ended, in the background.
    const historyFile = join(b.dir, 'twinkle.ch');
    let saved = '';
    for (const end = Date.now() + 3000; Date.now() < end && !saved.includes(user); ) {
      saved = await readFile(historyFile, 'utf8').catch(() => '');
      if (!saved.includes(user)) await new Promise((r) => setTimeout(r, 20));
    }
    expect(saved).toContain(user);

    const t0 = Date.now();
    a.send('quit');
    b.process.stdin.end('quit\n');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    // Each printed only JSON lines, and the sound card fallback at most once.
    for (const t of [a, b])
      expect(
        t.lines.filter((j) => j.type === 'notice' && /sound card/.test(String(j.message))).length,
      ).toBeLessThan(2);
  }, 60_000);

  it('quit during a call ends it politely: the far end sees a BYE, both exit', async () => {
    // Port 0: the system chooses, the ready line tells.
    const a = await phones.start('qa', 0);
    const b = await phones.start('qb', 0);
    await a.waitFor((j) => j.type === 'ready', 15_000);
    const bSip = String((await b.waitFor((j) => j.type === 'ready', 15_000)).sip);
    b.send('auto_answer -a on');
    await b.waitFor((j) => j.type === 'result' && j.command === 'auto_answer');
    a.send(`call sip:${userInfo().username}@${bSip}`);
    await a.waitFor((j) => j.type === 'media');
    await b.waitFor((j) => j.type === 'media');

    const t0 = Date.now();
    a.process.stdin.end(); // the end of input quits, as in Twinkle
    expect(await a.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await b.waitFor((j) => j.type === 'call-ended')).toMatchObject({ by: 'remote', cause: 'bye' });
    b.send('quit');
    expect(await b.exited).toBe(0);
  }, 60_000);
});
