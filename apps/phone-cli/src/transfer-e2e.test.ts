/**
 * End to end: three `twinkle` processes (their own config directories, --json, 127.0.0.1).
 * A calls B; A types `transfer` to C; B is asked (ask_user_to_refer is Twinkle's default)
 * and types `answer`; B's phone calls C, C answers; both A and B report the transfer done,
 * A's call ends and B talks to C on line 1.
 */
import { userInfo } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { type Json, TwinkleProcesses } from './twinkle-process.test-util.js';

const phones = new TwinkleProcesses();
afterAll(() => phones.stopAll());

describe('three twinkle processes: transfer from the console', () => {
  it('A transfers B to C; B allows it with answer; B ends up talking to C', async () => {
    // Port 0: the system picks, the ready line tells (a port probed free for UDP alone
    // could be in use for TCP, which the phone binds too: EADDRINUSE on a busy machine).
    const [a, b, c] = [await phones.start('a', 0), await phones.start('b', 0), await phones.start('c', 0)];
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
    for (const x of [a, b, c]) x.process.stdin.end();
    for (const x of [a, b, c]) expect(await x.exited).toBe(0);
  }, 40_000);
});
