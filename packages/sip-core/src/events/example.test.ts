/**
 * The usage example of src/events/README.md, run as a test: a phone
 * subscribes to its mailbox, a PBX serves message-summary, and the phone
 * transfers a call with REFER. Two stacks over the loop network in virtual time.
 */
import { afterEach, expect, it } from 'vitest';
import { makeNet, type Net } from './harness.test.util.js';
import {
  messageSummaryBody,
  messageSummaryPackage,
  messageSummarySubscription,
  parseMessageSummary,
} from './packages/message-summary.js';

let net: Net;
afterEach(() => net?.close());

it('README example: MWI subscription and a REFER', async () => {
  net = makeNet(21);
  const phoneUa = net.ua('phone', '192.0.2.1');
  const pbxUa = net.ua('pbx', '192.0.2.9', {
    delegate: {
      onRefer: (refer) => {
        refer.accept(); // 202, then NOTIFY "SIP/2.0 100 Trying"
        refer.complete(200); // after the INVITE to refer.referTo succeeded
      },
    },
  });
  const log: string[] = [];

  // --- the example ---
  const phone = phoneUa.agent; // new EventAgent(ctx, options) — ctx: transactions, dialogs, clock, resolve...
  const pbx = pbxUa.agent;
  let waiting = 1;
  pbx.registerEventPackage(
    messageSummaryPackage({
      summaryFor: () => ({
        messagesWaiting: waiting > 0,
        counts: [{ context: 'voice-message', newMessages: waiting, oldMessages: 0 }],
      }),
      onSubscription: (sub) => {
        // Whenever the mailbox changes (here: at once), the subscriber gets a NOTIFY.
        waiting = 2;
        sub.notify(
          messageSummaryBody({
            messagesWaiting: true,
            counts: [{ context: 'voice-message', newMessages: 2, oldMessages: 0 }],
          }),
        );
      },
    }),
  );

  const mwi = phone.subscribe(
    messageSummarySubscription({ target: 'sip:phone@pbx.test', from: '<sip:phone@pbx.test>' }),
  );
  mwi.notify.on((n) => {
    const summary = parseMessageSummary(n.body);
    if (summary.ok) log.push(`voice ${summary.value.counts[0]?.newMessages} new`);
  });

  const referral = phone.refer(
    { target: 'sip:pbx@pbx.test', from: '<sip:phone@pbx.test>' },
    'sip:carol@pbx.test',
  );
  referral.progress.on((s) => log.push(`transfer ${s.status}`));
  // --- end of the example ---

  await net.run(500);
  expect(await referral.outcome).toMatchObject({ kind: 'final', status: { status: 200 } });
  expect(log).toEqual(expect.arrayContaining(['voice 1 new', 'voice 2 new', 'transfer 100', 'transfer 200']));
  expect(mwi.state).toBe('active');
});
