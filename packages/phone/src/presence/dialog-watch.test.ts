// Busy lamps of the Phone engine against a sip-core UserAgent on 127.0.0.1 serving the dialog
// event package (RFC 4235): full and partial dialog-info documents become lamp states.
import { createUserAgent, type NotifierSubscription } from '@twinkle/sip-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, testProfile } from '../engine/phone.test.util.js';
import { DIALOG_INFO_TYPE } from './dialog-info.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const info = (version: number, state: 'full' | 'partial', dialogs = '') => ({
  body: `<?xml version="1.0"?><dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="${state}" entity="sip:bob@127.0.0.1">${dialogs}</dialog-info>`,
  contentType: DIALOG_INFO_TYPE,
});
const dialog = (st: string) => `<dialog id="d1" direction="recipient"><state>${st}</state></dialog>`;

describe('busy lamps (dialog event package, RFC 4235)', () => {
  it('watches a user: idle, ringing, busy, idle; unwatch unsubscribes', async () => {
    const server = await createUserAgent({
      transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
      aor: 'sip:pbx@127.0.0.1',
    });
    cleanups.push(() => server.close());
    const subs: NotifierSubscription[] = [];
    server.events.registerEventPackage({
      event: 'dialog',
      accept: [DIALOG_INFO_TYPE],
      initialState: () => info(0, 'full'),
      onSubscription: (s) => subs.push(s),
    });
    const port = server.transport.localAddress('udp')!.port;
    const t = await startPhone([testProfile('alice', { userDomain: `127.0.0.1:${port}` })]);
    cleanups.push(() => t.phone.quit());
    const dialogs = t.phone.services.dialogs;
    expect(dialogs.watch('bob')).toBe(`sip:bob@127.0.0.1:${port}`);
    expect(await t.waitFor('dialog-state')).toMatchObject({
      uri: `sip:bob@127.0.0.1:${port}`,
      state: 'idle',
    });
    expect(subs[0]!.request.header('accept')).toBe(DIALOG_INFO_TYPE);
    subs[0]!.notify(info(1, 'partial', dialog('early')));
    await t.waitFor('dialog-state', (e) => e.state === 'ringing');
    subs[0]!.notify(info(2, 'partial', dialog('confirmed')));
    await t.waitFor('dialog-state', (e) => e.state === 'busy');
    expect(dialogs.lamps()).toEqual([
      { profile: 'alice', uri: `sip:bob@127.0.0.1:${port}`, state: 'busy', dialogs: 1 },
    ]);
    subs[0]!.notify(info(3, 'full'));
    await t.waitFor(
      'dialog-state',
      (e) => e.state === 'idle' && t.events.filter((x) => x.type === 'dialog-state').length === 4,
    );
    const ended = new Promise((r) => subs[0]!.ended.once(r));
    expect(await dialogs.unwatch('bob')).toBe(true);
    await ended;
    expect(dialogs.lamps()).toEqual([]);
  });
});
