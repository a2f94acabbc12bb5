import { afterEach, describe, expect, it } from 'vitest';
import { Dialog } from '../dialog/dialog.js';
import { context } from '../dialog/dialog.test-util.js';
import { createRequest } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { LoopNetwork } from '../testing/loop-network.js';
import { testRequest } from '../testing/requests.js';
import { VirtualClock } from '../time/virtual-clock.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import type { ServerTransaction } from '../transaction/types.js';
import type { UaDelegate } from './delegate.js';
import { UaCore, type UaCoreOptions } from './ua-core.js';

const TO_UA = { protocol: 'udp' as const, address: '127.0.0.1', port: 5080 };

function setup(options: Partial<UaCoreOptions> = {}, delegate: UaDelegate = {}) {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock });
  const peer = network.endpoint('127.0.0.1', 5060);
  const transactions = new TransactionLayer({ transport: network.endpoint('127.0.0.1', 5080), clock });
  const core = new UaCore({ transactions, clock, delegate, ...options });
  const got: SipResponse[] = [];
  peer.onMessage((m) => {
    if (m.message.kind === 'response' && m.message.status >= 200) got.push(m.message);
  });
  const send = async (r: SipRequest): Promise<SipResponse | undefined> => {
    const before = got.length;
    await peer.sendRequest(r, TO_UA);
    for (let i = 0; i < 4; i++) clock.advance(10);
    return got[before];
  };
  return {
    clock,
    core,
    transactions,
    send,
    got,
    close: () => {
      core.close();
      transactions.close();
    },
  };
}

let env: ReturnType<typeof setup> | undefined;
afterEach(() => env?.close());

const busy = (core: () => UaCore) => (tx: ServerTransaction) => tx.respond(core().response(tx.request, 486));

describe('UA core rules', () => {
  it('482 for a merged request: same From tag, Call-ID and CSeq through another transaction (8.2.2.2)', async () => {
    let slow: ServerTransaction | undefined;
    env = setup({}, { onMessage: (tx) => (slow = tx) });
    const base = {
      method: 'MESSAGE',
      callId: 'merge-1',
      fromTag: 'f1',
      cseq: 5,
      body: 'hi',
      contentType: 'text/plain',
    };
    expect(await env.send(testRequest(base))).toBeUndefined(); // first copy held by the application
    expect((await env.send(testRequest(base)))?.status).toBe(482); // second path, fresh branch
    slow?.respond(env.core.response(slow.request, 200));
    for (let i = 0; i < 40; i++) env.clock.advance(1000); // transaction ends: the key is forgotten
    const third = await env.send(testRequest(base));
    expect(third).toBeUndefined();
  });

  it('Max-Forwards 0: processed by default, 483 when configured as a proxy would (RFC 4475 3.3.11)', async () => {
    env = setup({}, { onMessage: (tx) => tx.respond(env!.core.response(tx.request, 200)) });
    let mf = 0;
    const zero = () =>
      createRequest({
        method: 'MESSAGE',
        uri: 'sip:ua@127.0.0.1:5080',
        via: `SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKmf${++mf}`,
        from: '<sip:a@x>;tag=1',
        to: '<sip:ua@x>',
        callId: `mf${mf}`,
        cseq: 1,
        maxForwards: 0,
      });
    expect((await env.send(zero()))?.status).toBe(200);
    env.close();
    env = setup(
      { rejectZeroMaxForwards: true },
      { onMessage: (tx) => tx.respond(env!.core.response(tx.request, 200)) },
    );
    expect((await env.send(zero()))?.status).toBe(483);
  });

  it('420 lists only unsupported Require tags; supported ones pass', async () => {
    let core!: UaCore;
    env = setup({ supported: ['100rel', 'timer'] }, { onInvite: busy(() => core) });
    core = env.core;
    const r = await env.send(
      testRequest({ method: 'INVITE', headers: { Require: '100rel, foo', 'Proxy-Require': 'bar' } }),
    );
    expect(r?.status).toBe(420);
    expect(r?.header('unsupported')).toBe('foo');
    expect((await env.send(testRequest({ method: 'INVITE', headers: { Require: 'timer' } })))?.status).toBe(
      486,
    );
  });

  it('415 for an unknown Content-Encoding with Accept-Encoding; handling=optional bodies are ignored', async () => {
    let core!: UaCore;
    env = setup({}, { onInvite: busy(() => core) });
    core = env.core;
    const sdp = { method: 'INVITE', body: 'v=0\r\n', contentType: 'application/sdp' };
    const gz = await env.send(testRequest({ ...sdp, headers: { 'Content-Encoding': 'gzip' } }));
    expect(gz?.status).toBe(415);
    expect(gz?.header('accept-encoding')).toBe('identity');
    const opt = {
      method: 'INVITE',
      body: 'x',
      contentType: 'text/weird',
      headers: { 'Content-Disposition': 'render;handling=optional' },
    };
    expect((await env.send(testRequest(opt)))?.status).toBe(486);
    expect((await env.send(testRequest({ ...opt, headers: {} })))?.status).toBe(415);
  });

  it('OPTIONS: capabilities with Allow, Accept, Supported and the application body', async () => {
    env = setup(
      {
        supported: ['replaces'],
        dialogMethods: ['UPDATE'],
        userAgent: 'twinkle-test',
        optionsBody: () => ({ contentType: 'application/sdp', body: 'v=0\r\n' }),
      },
      { onInvite: () => {} },
    );
    const r = await env.send(testRequest({ method: 'OPTIONS' }));
    expect(r?.status).toBe(200);
    expect(r?.header('allow')).toBe('INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE');
    expect(r?.header('accept')).toBe('application/sdp');
    expect(r?.header('supported')).toBe('replaces');
    expect(r?.header('server')).toBe('twinkle-test');
    expect(r?.bodyText).toBe('v=0\r\n');
    expect(r?.to?.tag).toBeDefined();
  });

  it('a BYE outside any dialog gets 481; a method nobody handles 405 with Allow', async () => {
    env = setup({}, { onInvite: () => {} });
    expect((await env.send(testRequest({ method: 'BYE' })))?.status).toBe(481);
    const r = await env.send(testRequest({ method: 'SUBSCRIBE', headers: { Event: 'presence' } }));
    expect(r?.status).toBe(405);
    expect(r?.header('allow')).toBe('INVITE, ACK, CANCEL, BYE, OPTIONS');
  });

  it('a throwing handler leaves a 500, not a silent transaction', async () => {
    env = setup(
      {},
      {
        onMessage: () => {
          throw new Error('boom');
        },
      },
    );
    expect(
      (await env.send(testRequest({ method: 'MESSAGE', body: 'x', contentType: 'text/plain' })))?.status,
    ).toBe(500);
  });
});

describe('UA core: requests within dialogs (RFC 3261 12.2.2)', () => {
  const inDialog = (method: string, cseq: number) =>
    testRequest({ method, callId: 'dlg-1', fromTag: 'remote', toTag: 'local', cseq });

  function withDialog() {
    env = setup({ dialogMethods: ['BYE', 'INFO'] }, {});
    const seed = testRequest({ method: 'INVITE', callId: 'dlg-1', fromTag: 'remote', cseq: 10 });
    const dialog = Dialog.asUas(seed, 'local', context(), 'confirmed');
    env.core.dialogs.add(dialog);
    const seen: string[] = [];
    dialog.addUsage({
      onRequest: (tx) => {
        if (tx.request.method !== 'BYE') return false;
        seen.push(tx.request.method);
        tx.respond(env!.core.response(tx.request, 200));
        return true;
      },
      onAck: (ack) => {
        seen.push(`ACK ${ack.request.cseq?.seq}`);
        return true;
      },
    });
    return { dialog, seen };
  }

  it('dispatches to the dialog usage; other methods without a usage get 481, OPTIONS the capabilities', async () => {
    const { seen, dialog } = withDialog();
    expect((await env!.send(inDialog('BYE', 11)))?.status).toBe(200);
    expect(seen).toEqual(['BYE']);
    expect(dialog.remoteSeq).toBe(11);
    expect((await env!.send(inDialog('INFO', 12)))?.status).toBe(481);
    expect((await env!.send(inDialog('OPTIONS', 13)))?.status).toBe(200);
  });

  it('500 for a CSeq lower than the remote sequence number', async () => {
    withDialog();
    const r = await env!.send(inDialog('BYE', 9));
    expect(r?.status).toBe(500);
  });

  it('481 when the tags match no dialog', async () => {
    withDialog();
    const r = await env!.send(
      testRequest({ method: 'BYE', callId: 'dlg-1', fromTag: 'remote', toTag: 'other', cseq: 11 }),
    );
    expect(r?.status).toBe(481);
  });

  it('a stray ACK (for a 2xx) goes to the usage; one matching no dialog is dropped', async () => {
    const { seen } = withDialog();
    await env!.send(inDialog('ACK', 10));
    await env!.send(testRequest({ method: 'ACK', callId: 'nope', fromTag: 'x', toTag: 'y', cseq: 1 }));
    expect(seen).toEqual(['ACK 10']);
    expect(env!.got).toEqual([]);
  });
});

describe('UA core: dialog routers (the session layer keeps its own dialogs)', () => {
  it('offers in-dialog requests and ACKs the registry does not know to routers; 481 when none takes it', async () => {
    env = setup({ dialogMethods: ['BYE'] }, {});
    const took: string[] = [];
    const off = env.core.addRouter({
      receiveRequest: (tx) => {
        if (tx.request.callId !== 'routed') return false;
        took.push(tx.request.method);
        tx.respond(env!.core.response(tx.request, 200));
        return true;
      },
      receiveAck: (ack) => {
        took.push(`ACK ${ack.callId}`);
        return ack.callId === 'routed';
      },
    });
    const bye = (callId: string) => testRequest({ method: 'BYE', callId, fromTag: 'r', toTag: 'l', cseq: 2 });
    expect((await env.send(bye('routed')))?.status).toBe(200);
    expect((await env.send(bye('unknown')))?.status).toBe(481);
    await env.send(testRequest({ method: 'ACK', callId: 'routed', fromTag: 'r', toTag: 'l', cseq: 1 }));
    expect(took).toEqual(['BYE', 'ACK routed']);
    off();
    expect((await env.send(bye('routed')))?.status).toBe(481);
  });
});
