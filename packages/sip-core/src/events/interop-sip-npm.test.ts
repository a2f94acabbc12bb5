/**
 * SUBSCRIBE/NOTIFY against an independent implementation over real UDP on
 * 127.0.0.1: the `sip` npm package (kirm/sip.js, its own parser and
 * transaction layer) as subscriber of our message-summary notifier, and as a
 * notifier that sends its NOTIFY before the 200 to our subscriber.
 */
import { createSocket } from 'node:dgram';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { DialogRegistry } from '../dialog/dialog-registry.js';
import { parseNameAddr } from '../headers/name-addr.js';
import { systemClock } from '../time/clock.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import { SipTransportLayer } from '../transport/index.js';
import { isSipUri } from '../uri/format.js';
import type { EventsContext } from './context.js';
import { EventAgent, type EventAgentDelegate } from './event-agent.js';
import { messageSummaryPackage, parseMessageSummary } from './packages/message-summary.js';

/** The parts of the `sip` package used here (it has no types). */
interface NpmMessage {
  method?: string;
  uri?: string;
  status?: number;
  reason?: string;
  headers: Record<string, unknown> & {
    to: { uri: string; params?: Record<string, string> };
    from: { uri: string; params?: Record<string, string> };
    'call-id': string;
    cseq: { seq: number; method: string };
    contact?: { uri: string }[];
  };
  content?: string;
}
interface NpmStack {
  send(m: NpmMessage | object, callback?: (rs: NpmMessage) => void): void;
  destroy(): void;
}
const sipNpm = createRequire(import.meta.url)('sip') as {
  create(options: object, onRequest: (rq: NpmMessage) => void): NpmStack;
  makeResponse(rq: NpmMessage, status: number, reason: string, ext?: object): object;
};

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function waitFor(cond: () => boolean, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function ourStack(
  delegate: EventAgentDelegate = {},
): Promise<{ agent: EventAgent; port: number; dialogs: DialogRegistry }> {
  const transport = await SipTransportLayer.create({
    listen: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
  });
  const layer = new TransactionLayer({ transport });
  closers.push(
    () => transport.close(),
    () => layer.close(),
  );
  const port = transport.localAddress('udp')!.port;
  const contact = parseNameAddr(`<sip:me@127.0.0.1:${port}>`);
  if (!contact.ok) throw new Error('contact');
  const dialogs = new DialogRegistry();
  const ctx: EventsContext = {
    transactions: layer,
    clock: systemClock,
    dialogs,
    dialogContext: { localContact: contact.value, localAddress: (p) => transport.localAddress(p) },
    resolve: async (uri) =>
      isSipUri(uri) ? [{ protocol: 'udp', address: uri.host, port: uri.port ?? 5060 }] : [],
  };
  const agent = new EventAgent(ctx, { delegate });
  closers.push(agent.attach());
  return { agent, port, dialogs };
}

/** A UDP port free a moment ago (the package binds its own socket and cannot take port 0). */
async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function peer(
  onRequest: (rq: NpmMessage, stack: NpmStack) => void,
): Promise<{ stack: NpmStack; port: number }> {
  const port = await freeUdpPort();
  let stack: NpmStack | undefined;
  // publicAddress: with its own address equal to ours, the package would take our URIs for its own flow tokens.
  stack = sipNpm.create(
    { address: '127.0.0.1', publicAddress: 'localhost', port, udp: true, tcp: false, logger: {} },
    (rq) => onRequest(rq, stack!),
  );
  closers.push(() => stack!.destroy());
  return { stack, port };
}

describe('events against the sip npm package over UDP loopback', () => {
  it('it subscribes to our message-summary, gets NOTIFYs, and unsubscribes', async () => {
    const { agent, port } = await ourStack();
    agent.registerEventPackage(
      messageSummaryPackage({
        summaryFor: () => ({
          messagesWaiting: true,
          account: 'sip:*97@127.0.0.1',
          counts: [{ context: 'voice-message', newMessages: 3, oldMessages: 1 }],
        }),
      }),
    );
    const notifies: NpmMessage[] = [];
    const { stack, port: peerPort } = await peer((rq, s) => {
      if (rq.method === 'NOTIFY') notifies.push(rq);
      s.send(sipNpm.makeResponse(rq, 200, 'OK'));
    });
    const subscribe = {
      method: 'SUBSCRIBE',
      uri: `sip:mwi@127.0.0.1:${port}`,
      headers: {
        to: { uri: `sip:mwi@127.0.0.1:${port}` },
        from: { uri: 'sip:peer@127.0.0.1', params: { tag: 'peer1' } },
        'call-id': 'interop-mwi-1',
        cseq: { method: 'SUBSCRIBE', seq: 1 },
        contact: [{ uri: `sip:peer@127.0.0.1:${peerPort}` }],
        event: 'message-summary',
        expires: 120,
        accept: 'application/simple-message-summary',
      },
    };
    const ok = await new Promise<NpmMessage>((resolve) =>
      stack.send(subscribe, (rs) => (rs.status ?? 0) >= 200 && resolve(rs)),
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.expires).toBe('120');
    const toTag = ok.headers.to.params?.tag;
    expect(toTag).toBeDefined();
    await waitFor(() => notifies.length === 1);
    const n = notifies[0]!;
    expect(n.headers.event).toBe('message-summary');
    expect(n.headers['subscription-state']).toMatch(/^active;expires=1[12]\d$/);
    expect(n.headers.to.params?.tag).toBe('peer1');
    const summary = parseMessageSummary(n.content ?? '');
    expect(summary.ok && summary.value.counts[0]).toMatchObject({ newMessages: 3, oldMessages: 1 });

    // Unsubscribe in the dialog: Request-URI our Contact, To with our tag.
    const contactUri = (ok.headers.contact as { uri: string }[])[0]!.uri;
    const unsubscribe = {
      ...subscribe,
      uri: contactUri,
      headers: {
        ...subscribe.headers,
        to: { uri: `sip:mwi@127.0.0.1:${port}`, params: { tag: toTag } },
        cseq: { method: 'SUBSCRIBE', seq: 2 },
        expires: 0,
      },
    };
    const bye = await new Promise<NpmMessage>((resolve) =>
      stack.send(unsubscribe, (rs) => (rs.status ?? 0) >= 200 && resolve(rs)),
    );
    expect(bye.status).toBe(200);
    await waitFor(() => notifies.length === 2);
    expect(notifies[1]!.headers['subscription-state']).toBe('terminated;reason=timeout');
  });

  it('our subscriber takes its NOTIFY sent before the 200, and one dialog results', async () => {
    const { agent, dialogs } = await ourStack();
    let notifyStatus = 0;
    const { port: peerPort } = await peer((rq, s) => {
      if (rq.method !== 'SUBSCRIBE') return s.send(sipNpm.makeResponse(rq, 200, 'OK'));
      const tag = 'np-tag';
      const contact = rq.headers.contact![0]!.uri;
      // NOTIFY first (RFC 6665 4.1.2.4), the 200 only after its answer.
      s.send(
        {
          method: 'NOTIFY',
          uri: contact,
          headers: {
            to: rq.headers.from,
            from: { uri: rq.headers.to.uri, params: { tag } },
            'call-id': rq.headers['call-id'],
            cseq: { method: 'NOTIFY', seq: 1 },
            contact: [{ uri: `sip:np@127.0.0.1:${peerPort}` }],
            event: 'message-summary',
            'subscription-state': 'active;expires=90',
            'content-type': 'application/simple-message-summary',
          },
          content: 'Messages-Waiting: no\r\nVoice-Message: 0/4\r\n',
        },
        (rs: NpmMessage) => {
          notifyStatus = rs.status ?? 0;
          const ok = sipNpm.makeResponse(rq, 200, 'OK', { headers: { expires: 90 } }) as NpmMessage;
          ok.headers.to = { ...rq.headers.to, params: { tag } };
          ok.headers.contact = [{ uri: `sip:np@127.0.0.1:${peerPort}` }];
          s.send(ok);
        },
      );
    });
    const sub = agent.subscribe({
      event: 'message-summary',
      target: `sip:np@127.0.0.1:${peerPort}`,
      from: '<sip:me@127.0.0.1>',
      expires: 90,
    });
    const bodies: string[] = [];
    sub.notify.on((n) => bodies.push(new TextDecoder().decode(n.body)));
    const gotResponse = new Promise<number>((resolve) => sub.response.once((r) => resolve(r.status)));
    expect(await gotResponse).toBe(200);
    expect(notifyStatus).toBe(200);
    expect(sub.state).toBe('active');
    expect(bodies).toEqual(['Messages-Waiting: no\r\nVoice-Message: 0/4\r\n']);
    expect(dialogs.size).toBe(1);
    expect(sub.dialog?.id.remoteTag).toBe('np-tag');
  });

  it('it sends REFER out of dialog; we answer 202 and report 100 then 200 as sipfrag', async () => {
    const transport = await ourStack({
      onRefer: (r) => {
        r.accept();
        r.complete(200);
      },
    });
    const notifies: NpmMessage[] = [];
    const { stack, port: peerPort } = await peer((rq, s) => {
      if (rq.method === 'NOTIFY') notifies.push(rq);
      s.send(sipNpm.makeResponse(rq, 200, 'OK'));
    });
    const refer = {
      method: 'REFER',
      uri: `sip:me@127.0.0.1:${transport.port}`,
      headers: {
        to: { uri: `sip:me@127.0.0.1:${transport.port}` },
        from: { uri: 'sip:peer@127.0.0.1', params: { tag: 'r1' } },
        'call-id': 'interop-refer-1',
        cseq: { method: 'REFER', seq: 7 },
        contact: [{ uri: `sip:peer@127.0.0.1:${peerPort}` }],
        'refer-to': '<sip:carol@127.0.0.1>',
        'referred-by': '<sip:peer@127.0.0.1>',
      },
    };
    const accepted = await new Promise<NpmMessage>((resolve) =>
      stack.send(refer, (rs) => (rs.status ?? 0) >= 200 && resolve(rs)),
    );
    expect(accepted.status).toBe(202);
    await waitFor(() => notifies.length === 2);
    expect(notifies.map((n) => n.headers.event)).toEqual(['refer;id=7', 'refer;id=7']);
    expect(notifies.map((n) => n.content)).toEqual(['SIP/2.0 100 Trying\r\n', 'SIP/2.0 200 OK\r\n']);
    expect(notifies[1]!.headers['subscription-state']).toBe('terminated;reason=noresource');
    expect(notifies[0]!.headers['content-type']).toBe('message/sipfrag');
  });
});
