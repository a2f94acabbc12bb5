/**
 * End to end, the services of the console: two `twinkle` processes with their own config
 * directories on 127.0.0.1, driven through stdin pipes and read as --json lines. A sends B an
 * instant message (`message`), a PBX stand-in sends B an unsolicited MWI NOTIFY (as Asterisk
 * does), and B's `mwi` and `presence` commands report as JSON results.
 */
import { createSocket } from 'node:dgram';
import { userInfo } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { TwinkleProcesses } from './twinkle-process.test-util.js';

const phones = new TwinkleProcesses();
afterAll(() => phones.stopAll());

describe('services of two twinkle processes on 127.0.0.1', () => {
  it('message from A to B, unsolicited MWI at B, mwi and presence results, quit', async () => {
    // Port 0: the system picks, the ready line tells (a port probed free for UDP alone
    // could be in use for TCP, which the phone binds too: EADDRINUSE on a busy machine).
    const a = await phones.start('a', 0);
    const b = await phones.start('b', 0);
    await a.waitFor((j) => j.type === 'ready', 15_000);
    const portB = Number(
      String((await b.waitFor((j) => j.type === 'ready', 15_000)).sip)
        .split(':')
        .pop(),
    );
    const user = userInfo().username;

    a.send(`message -s greeting sip:${user}@127.0.0.1:${portB} hello from A`);
    expect(await a.waitFor((j) => j.type === 'result' && j.command === 'message')).toMatchObject({
      ok: true,
      data: { status: 200 },
    });
    expect(await b.waitFor((j) => j.type === 'message')).toMatchObject({
      subject: 'greeting',
      text: 'hello from A',
      fromUri: expect.stringContaining(`sip:${user}@`),
    });

    // A PBX stand-in: an out-of-dialog NOTIFY as Asterisk sends after REGISTER.
    const pbx = createSocket('udp4');
    await new Promise<void>((r) => pbx.bind(0, '127.0.0.1', () => r()));
    const body =
      'Messages-Waiting: yes\r\nMessage-Account: sip:*97@127.0.0.1\r\nVoice-Message: 2/7 (1/0)\r\n';
    const notify = [
      `NOTIFY sip:${user}@127.0.0.1:${portB} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${pbx.address().port};branch=z9hG4bK-mwi-e2e`,
      `From: <sip:asterisk@127.0.0.1:${pbx.address().port}>;tag=pbx1`,
      `To: <sip:${user}@127.0.0.1:${portB}>`,
      'Call-ID: mwi-e2e@127.0.0.1',
      'CSeq: 102 NOTIFY',
      'Max-Forwards: 70',
      'Event: message-summary',
      'Content-Type: application/simple-message-summary',
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
    const answered = new Promise<string>((r) =>
      pbx.once('message', (m) => r(m.toString('latin1').split('\r\n')[0]!)),
    );
    pbx.send(notify, portB, '127.0.0.1');
    expect(await answered).toBe('SIP/2.0 200 OK');
    pbx.close();
    expect(await b.waitFor((j) => j.type === 'mwi')).toMatchObject({
      waiting: true,
      newMessages: 2,
      oldMessages: 7,
      newUrgent: 1,
      solicited: false,
    });
    b.send('mwi');
    const mwi = await b.waitFor((j) => j.type === 'result' && j.command === 'mwi');
    expect(mwi).toMatchObject({ ok: true });
    expect(String(mwi.message)).toContain('messages waiting, 2 new, 7 old (1 urgent)');

    b.send('presence');
    expect(await b.waitFor((j) => j.type === 'result' && j.command === 'presence')).toMatchObject({
      ok: true,
      data: { state: 'not published', buddies: [] },
    });

    a.send('quit');
    b.send('quit');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
  }, 60_000);
});
