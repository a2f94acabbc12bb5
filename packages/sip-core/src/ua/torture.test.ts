/**
 * The UA core answers every RFC 4475 and RFC 5118 message as an endpoint
 * should: each file is rewritten to loopback addresses, parsed as a UDP
 * datagram and sent over the loop network through a real TransactionLayer
 * to a UA core that takes INVITE (answering 486, "busy": processed) and
 * MESSAGE (200), with no registrar and no extensions.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../message/parse-message.js';
import type { SipResponse } from '../message/sip-message.js';
import { LoopNetwork } from '../testing/loop-network.js';
import { VirtualClock } from '../time/virtual-clock.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import { rewriteToLoopback } from './loopback-rewrite.test-util.js';
import { UaCore } from './ua-core.js';

/**
 * What the UA core does: a final status, nothing (responses, drops), the
 * transport's 400 (no parse), or `no-via`: the top Via does not parse, so the
 * transaction layer drops the request before the core (nowhere to answer).
 */
type Expect = number | 'discard' | 'parse-400' | 'no-via';

const RFC4475: Readonly<Record<string, Expect>> = {
  // 3.1.1 valid: wsinv has a To tag and matches no dialog (12.2.2), intmeth/esc02 are unknown methods.
  'wsinv.dat': 481,
  'intmeth.dat': 501,
  'esc01.dat': 486,
  'escnull.dat': 405, // REGISTER at a non-registrar
  'esc02.dat': 501,
  'lwsdisp.dat': 200,
  'longreq.dat': 486,
  'dblreq.dat': 405,
  'semiuri.dat': 200,
  'transports.dat': 200,
  'mpart01.dat': 200, // MESSAGE: the application takes any body
  'unreason.dat': 'discard',
  'noreason.dat': 'discard',
  // 3.1.2 invalid.
  'badinv01.dat': 'no-via', // Via `192.0.2.15;;,;,,`: RFC 4475 wants 400
  'clerr.dat': 'parse-400',
  'ncl.dat': 'parse-400',
  'scalar02.dat': 400,
  'scalarlg.dat': 'discard',
  'quotbal.dat': 400,
  'ltgtruri.dat': 'parse-400',
  'lwsruri.dat': 'parse-400',
  'lwsstart.dat': 'parse-400',
  'trws.dat': 'parse-400',
  'escruri.dat': 400,
  'baddate.dat': 400,
  'regbadct.dat': 400,
  'badaspec.dat': 400,
  'baddn.dat': 'parse-400',
  'badvers.dat': 505,
  'mismatch01.dat': 400,
  'mismatch02.dat': 501, // preferred over 400 (3.1.2.18)
  'bigcode.dat': 'parse-400', // a response: never answered; the parser refuses it
  // 3.2, 3.3, 3.4.
  'badbranch.dat': 200,
  'insuf.dat': 400,
  'unkscm.dat': 416,
  'novelsc.dat': 416,
  'unksm2.dat': 405, // a registrar would answer 400; we are none
  'bext01.dat': 420,
  'invut.dat': 415,
  'regaut01.dat': 405,
  'multi01.dat': 400,
  'mcl01.dat': 'parse-400',
  'bcast.dat': 'discard',
  'zeromf.dat': 200, // an endpoint processes Max-Forwards 0
  'cparam01.dat': 405,
  'cparam02.dat': 405,
  'regescrt.dat': 405,
  'sdp01.dat': 406,
  'inv2543.dat': 486,
};

const RFC5118: Readonly<Record<string, Expect>> = {
  // REGISTERs at a non-registrar: 405 shows they parsed and validated.
  'ipv6-good.dat': 405,
  'ipv6-bad.dat': 400,
  'port-ambiguous.dat': 405,
  'port-unambiguous.dat': 405,
  'via-received-param-with-delim.dat': 481, // BYE for no dialog
  'via-received-param-no-delim.dat': 200,
  'ipv6-in-sdp.dat': 486,
  'mult-ip-in-header.dat': 481,
  'mult-ip-in-sdp.dat': 486,
  'ipv4-mapped-ipv6.dat': 486,
  'ipv6-bug-abnf-3-colons.dat': 200,
  'ipv6-correct-abnf-2-colons.dat': 200,
};

function setup() {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock });
  const peer = network.endpoint('127.0.0.1', 5060);
  const ua = network.endpoint('127.0.0.1', 5080);
  const transactions = new TransactionLayer({ transport: ua, clock });
  const core = new UaCore({
    transactions,
    clock,
    delegate: {
      onInvite: (tx) => tx.respond(core.response(tx.request, 486)),
      onMessage: (tx) => tx.respond(core.response(tx.request, 200)),
    },
  });
  const received: SipResponse[] = [];
  peer.onMessage((m) => {
    if (m.message.kind === 'response') received.push(m.message);
  });
  return { clock, peer, ua, transactions, core, received };
}

let close: (() => void) | undefined;
afterEach(() => close?.());

async function run(
  dir: string,
  file: string,
): Promise<{ parsed: boolean; statuses: number[]; answer?: SipResponse }> {
  const bytes = rewriteToLoopback(
    new Uint8Array(readFileSync(new URL(`../../fixtures/${dir}/${file}`, import.meta.url))),
  );
  const r = parseMessage(bytes);
  if (!r.ok) return { parsed: false, statuses: [] };
  const s = setup();
  close = () => {
    s.core.close();
    s.transactions.close();
  };
  const to = { protocol: 'udp' as const, address: '127.0.0.1', port: 5080 };
  const m = r.message;
  if (m.kind === 'request') await s.peer.sendRequest(m, to);
  else
    await s.peer.sendResponse(m, {
      protocol: 'udp',
      remoteAddress: '127.0.0.1',
      remotePort: 5080,
      localAddress: '127.0.0.1',
      localPort: 5060,
      flowId: 'x',
    });
  for (let i = 0; i < 5; i++) s.clock.advance(300);
  const finals = s.received.filter((x) => x.status >= 200);
  return {
    parsed: true,
    statuses: finals.map((x) => x.status),
    ...(finals[0] === undefined ? {} : { answer: finals[0] }),
  };
}

function table(dir: string, cases: Readonly<Record<string, Expect>>) {
  it.each(Object.entries(cases))('%s -> %s', async (file, expected) => {
    const out = await run(dir, file);
    if (expected === 'parse-400') {
      expect(out.parsed).toBe(false);
      return;
    }
    expect(out.parsed).toBe(true);
    if (expected === 'discard' || expected === 'no-via') expect(out.statuses).toEqual([]);
    else expect(out.statuses[0]).toBe(expected);
    const a = out.answer;
    if (a === undefined) return;
    if (expected === 405 || expected === 501)
      expect(a.header('allow')).toBe('INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE');
    if (expected === 420)
      expect(a.header('unsupported')).toBe('nothingSupportsThis, nothingSupportsThisEither');
    if (expected === 415) expect(a.header('accept')).toBe('application/sdp');
    if (expected === 406) expect(a.header('warning')).toMatch(/^399 /);
    if (expected === 400) expect(a.reason).not.toBe('Bad Request');
    if (expected === 200 && a.cseq?.method === 'OPTIONS') expect(a.header('allow')).toContain('INVITE');
  });
}

describe('UA core answers to the RFC 4475 torture messages', () => {
  it('covers all 49 messages of the RFC', () => expect(Object.keys(RFC4475)).toHaveLength(49));
  table('rfc4475', RFC4475);
});

describe('a UA core with a registrar', () => {
  it('answers unksm2 (To isbn:) with 400 before the registrar sees it (RFC 4475 3.3.4)', async () => {
    const clock = new VirtualClock();
    const network = new LoopNetwork({ clock });
    const peer = network.endpoint('127.0.0.1', 5060);
    const transactions = new TransactionLayer({ transport: network.endpoint('127.0.0.1', 5080), clock });
    const registered: string[] = [];
    const core = new UaCore({
      transactions,
      clock,
      delegate: {
        onRegister: (tx) => {
          registered.push(tx.request.callId ?? '');
          tx.respond(core.response(tx.request, 200));
        },
      },
    });
    const got: number[] = [];
    peer.onMessage((m) => {
      if (m.message.kind === 'response') got.push(m.message.status);
    });
    const send = async (file: string) => {
      const r = parseMessage(
        rewriteToLoopback(
          new Uint8Array(readFileSync(new URL(`../../fixtures/rfc4475/${file}`, import.meta.url))),
        ),
      );
      if (!r.ok || r.message.kind !== 'request') throw new Error('fixture');
      await peer.sendRequest(r.message, { protocol: 'udp', address: '127.0.0.1', port: 5080 });
      clock.advance(10);
    };
    await send('unksm2.dat');
    await send('cparam01.dat');
    expect(got).toEqual([400, 200]);
    expect(registered).toHaveLength(1);
    core.close();
    transactions.close();
  });
});

describe('UA core answers to the RFC 5118 IPv6 torture messages', () => {
  table('rfc5118/wire', RFC5118);
});
