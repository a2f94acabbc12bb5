/**
 * End to end: three `twinkle` processes on 127.0.0.1 (their own config directories, --json
 * on stdin/stdout). Alice calls Bob, switches to line 2 and calls Carol (Bob is held), then
 * `conference` joins them; `line` shows the conference; `bye` ends both calls
 * (hangup_both_3way=yes, Twinkle's default).
 */
import { userInfo } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { type Twinkle, TwinkleProcesses } from './twinkle-process.test-util.js';

const phones = new TwinkleProcesses();
afterAll(() => phones.stopAll());

/**
 * Starts a console phone on a SIP port the system picks (`--sip-port 0`) and
 * returns it with that port, read from its ready line: a port probed free for
 * UDP alone could be taken for TCP, which the phone binds too.
 */
async function start(name: string): Promise<{ phone: Twinkle; port: number }> {
  const phone = await phones.start(name);
  const ready = await phone.waitFor((j) => j.type === 'ready', 20_000);
  return { phone, port: Number(String(ready.sip).split(':').pop()) };
}

describe('conference on the console', () => {
  it('call, line 2, call, conference, line shows it, bye ends both calls', async () => {
    const [a, b, c] = await Promise.all([start('alice'), start('bob'), start('carol')]);
    const alice = a.phone;
    for (const x of [b, c]) {
      x.phone.send('auto_answer -a on');
      await x.phone.result('auto_answer', 0);
    }
    const user = userInfo().username;
    alice.send(`call sip:${user}@127.0.0.1:${b.port}`);
    await alice.waitFor((j) => j.type === 'call-state' && j.line === 1 && j.state === 'answered');
    let mark = alice.lines.length;
    alice.send('line 2');
    expect(await alice.result('line', mark)).toMatchObject({ ok: true, data: { line: 2 } });
    await b.phone.waitFor((j) => j.type === 'call-state' && j.state === 'remote-held');
    alice.send(`call sip:${user}@127.0.0.1:${c.port}`);
    await alice.waitFor((j) => j.type === 'call-state' && j.line === 2 && j.state === 'answered');
    await alice.waitFor((j) => j.type === 'media' && j.line === 2);

    mark = alice.lines.length;
    alice.send('conference');
    expect(await alice.result('conference', mark)).toMatchObject({ ok: true });
    const started = await alice.waitFor((j) => j.type === 'conference');
    expect(started).toMatchObject({ type: 'conference', state: 'started', lines: [1, 2] });
    // 8 kHz when both calls are narrowband, else 16 kHz (the engine tests check which).
    expect([8000, 16000]).toContain(started.sampleRate);
    // The held call was retrieved: Bob is no longer held.
    const heldAt = b.phone.lines.findIndex((k) => k.state === 'remote-held');
    await b.phone.waitFor(
      (j) => j.type === 'call-state' && j.state === 'answered' && b.phone.lines.indexOf(j) > heldAt,
    );
    mark = alice.lines.length;
    alice.send('line');
    expect(await alice.result('line', mark)).toMatchObject({
      ok: true,
      message: 'Active line is: 2\n3-way conference: lines 1 and 2',
    });
    mark = alice.lines.length;
    alice.send('hold');
    expect(await alice.result('hold', mark)).toMatchObject({ ok: false });

    alice.send('bye');
    await b.phone.waitFor((j) => j.type === 'call-ended' && j.by === 'remote');
    await c.phone.waitFor((j) => j.type === 'call-ended' && j.by === 'remote');
    expect(await alice.waitFor((j) => j.type === 'conference' && j.state === 'ended')).toMatchObject({
      lines: [],
    });

    for (const x of [a, b, c]) x.phone.process.stdin.end('quit\n');
    for (const x of [a, b, c]) expect(await x.phone.exited).toBe(0);
  }, 60_000);
});
