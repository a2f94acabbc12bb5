// MWI of the Phone engine against a sip-core UserAgent on 127.0.0.1 as the voice mail server:
// its message-summary notifier (solicited) and NOTIFYs out of dialog (unsolicited).

import { createSocket } from 'node:dgram';
import {
  createUserAgent,
  formatUri,
  type MessageSummary,
  messageSummaryBody,
  messageSummaryPackage,
  type NotifierSubscription,
  SipRequest,
  type UserAgent,
} from '@twinkle/sip-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from '../../engine/phone.test.util.js';
import { formatMwiStatus } from './mwi-status.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(): Promise<UserAgent> {
  const ua = await createUserAgent({
    transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
    aor: 'sip:vm@127.0.0.1',
  });
  cleanups.push(() => ua.close());
  return ua;
}

async function phone(changes: Parameters<typeof testProfile>[1]): Promise<TestPhone> {
  const p = await startPhone([testProfile('alice', changes)], { sipTimers: { t1: 50, t2: 400, t4: 500 } });
  cleanups.push(() => p.phone.quit());
  return p;
}

const mailbox = (newMessages: number, oldMessages: number): MessageSummary => ({
  messagesWaiting: newMessages > 0,
  account: 'sip:alice@127.0.0.1',
  counts: [{ context: 'voice-message', newMessages, oldMessages, newUrgent: 1, oldUrgent: 0 }],
});

describe('solicited MWI (mwi_sollicited=yes)', () => {
  it('subscribes to mwi_user@mwi_server, reports counts, follows changes and unsubscribes at quit', async () => {
    const vm = await server();
    const port = vm.transport.localAddress('udp')!.port;
    let summary = mailbox(2, 8);
    const subs: NotifierSubscription[] = [];
    vm.events.registerEventPackage(
      messageSummaryPackage({ summaryFor: () => summary, onSubscription: (s) => subs.push(s) }),
    );
    const t = await phone({
      mwiSollicited: true,
      mwiUser: 'box7',
      mwiServer: `127.0.0.1:${port}`,
      mwiSubscriptionTime: 120,
      mwiVmAddress: '*97',
    });
    const first = await t.waitFor('mwi');
    expect(first).toEqual({
      type: 'mwi',
      profile: 'alice',
      waiting: true,
      newMessages: 2,
      oldMessages: 8,
      newUrgent: 1,
      oldUrgent: 0,
      account: 'sip:alice@127.0.0.1',
      solicited: true,
    });
    expect(subs).toHaveLength(1);
    const sub = subs[0]!;
    expect(formatUri(sub.request.uri!)).toBe(`sip:box7@127.0.0.1:${port}`);
    expect(sub.request.header('expires')?.trim()).toBe('120');
    expect(sub.request.header('accept')).toContain('application/simple-message-summary');
    await t.waitFor('mwi-subscription', (e) => e.state === 'active');

    summary = mailbox(0, 10);
    sub.notify(messageSummaryBody(summary));
    await t.waitFor('mwi', (e) => e.newMessages === 0 && e.oldMessages === 10 && !e.waiting);
    const [status] = t.phone.services.mwi.status();
    expect(status).toMatchObject({
      profile: 'alice',
      solicited: true,
      subscription: 'active',
      mailbox: `sip:box7@127.0.0.1:${port}`,
      counts: { waiting: false, newMessages: 0, oldMessages: 10 },
      voicemail: '*97',
    });
    expect(formatMwiStatus(status!)).toEqual([
      `alice: subscription active to sip:box7@127.0.0.1:${port}`,
      '  voice mail: no messages waiting, 0 new, 10 old (1 urgent)',
      '  voice mail address: *97',
    ]);
    expect(t.phone.services.voicemailAddress()).toBe('*97');

    const requests: string[] = [];
    vm.transport.onMessage((m) => {
      if (m.message instanceof SipRequest)
        requests.push(`${m.message.method} ${m.message.header('expires')?.trim()}`);
    });
    await t.phone.quit();
    expect(requests).toContain('SUBSCRIBE 0'); // RFC 6665 4.1.2.3
  });

  it('mwi_via_proxy: the SUBSCRIBE goes through the outbound proxy (loose route)', async () => {
    const proxy = createSocket('udp4');
    const got: string[] = [];
    proxy.on('message', (m) => got.push(m.toString('latin1')));
    await new Promise<void>((r) => proxy.bind(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => proxy.close(() => r())));
    const proxyPort = proxy.address().port;
    await phone({
      mwiSollicited: true,
      mwiServer: '192.0.2.10',
      mwiViaProxy: true,
      outboundProxy: `127.0.0.1:${proxyPort}`,
    });
    const deadline = Date.now() + 3000;
    while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const sub = got[0] ?? '';
    expect(sub.split('\r\n')[0]).toBe('SUBSCRIBE sip:alice@192.0.2.10 SIP/2.0');
    expect(sub).toMatch(new RegExp(`^Route: <sip:127\\.0\\.0\\.1:${proxyPort};lr>`, 'm'));
    expect(sub).toMatch(/^Event: message-summary/m);
  });

  it('reports a refused subscription and tries again later', async () => {
    const vm = await server(); // serves no message-summary: 489 Bad Event
    const port = vm.transport.localAddress('udp')!.port;
    const t = await phone({ mwiSollicited: true, mwiServer: `127.0.0.1:${port}` });
    const failed = await t.waitFor('mwi-subscription', (e) => e.state === 'failed');
    expect(failed).toMatchObject({ profile: 'alice', reason: '489', retryIn: 30 });
    expect(t.phone.services.mwi.status()[0]).toMatchObject({ subscription: 'failed' });
  });

  it('does not subscribe with mwi_sollicited=no', async () => {
    const vm = await server();
    const subs: NotifierSubscription[] = [];
    vm.events.registerEventPackage(
      messageSummaryPackage({ summaryFor: () => mailbox(1, 1), onSubscription: (s) => subs.push(s) }),
    );
    const t = await phone({ mwiServer: `127.0.0.1:${vm.transport.localAddress('udp')!.port}` });
    await new Promise((r) => setTimeout(r, 300));
    expect(subs).toHaveLength(0);
    expect(t.phone.services.mwi.status()[0]).toMatchObject({ solicited: false, subscription: 'unsolicited' });
  });
});

describe('unsolicited MWI (as Asterisk sends it)', () => {
  it('takes an out-of-dialog message-summary NOTIFY for the profile, refuses other events with 481', async () => {
    const pbx = await server();
    const t = await phone({});
    const notify = (event: string, body: string) =>
      pbx.request('NOTIFY', t.uri('alice'), {
        headers: [{ name: 'Event', value: event }],
        ...(body === '' ? {} : { body, contentType: 'application/simple-message-summary' }),
      });
    const ok = await notify(
      'message-summary',
      'Messages-Waiting: yes\r\nMessage-Account: sip:*97@127.0.0.1\r\nVoice-Message: 3/5 (1/0)\r\n',
    );
    expect(ok.status).toBe(200);
    expect(await t.waitFor('mwi')).toMatchObject({
      waiting: true,
      newMessages: 3,
      oldMessages: 5,
      newUrgent: 1,
      solicited: false,
    });
    expect((await notify('presence', '')).status).toBe(481);
    // A body that is no message summary is refused too.
    expect((await notify('message-summary', 'garbage')).status).toBe(481);
    expect(formatMwiStatus(t.phone.services.mwi.status()[0]!)[0]).toBe('alice: unsolicited notifications');
  });
});
