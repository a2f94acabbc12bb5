import { describe, expect, it } from 'vitest';
import { createRequest, createResponse } from '../message/build.js';
import type { SipMessage, SipRequest, SipResponse } from '../message/sip-message.js';
import { isResponse, transactionPair } from '../testing/index.js';
import type { Incoming } from '../transport/types.js';

const flush = () => new Promise<void>((r) => setTimeout(r, 0));

/** Bob's layer under test; alice is a bare loop endpoint that sends raw requests. */
function server(options: Parameters<typeof transactionPair>[0] = {}) {
  const p = transactionPair(options);
  p.aliceLayer.close(); // alice speaks through her transport directly
  const got: Incoming[] = [];
  p.alice.onMessage((m) => got.push(m));
  const send = (m: SipRequest) => void p.alice.sendRequest(m, p.toBob);
  const responses = () => got.map((g) => g.message).filter((m): m is SipResponse => m.kind === 'response');
  return { ...p, got, send, responses };
}

/** The ACK a client would send for a final response (17.1.1.3), with the INVITE's top Via. */
function ackFor(invite: SipRequest, response: SipMessage, via = invite.headers('via')[0]!): SipRequest {
  return createRequest({
    method: 'ACK',
    uri: invite.requestUri,
    via,
    from: invite.header('from')!,
    to: response.header('to')!,
    callId: invite.callId!,
    cseq: invite.cseq!.seq,
  });
}

describe('INVITE server transaction (RFC 3261 17.2.1, RFC 6026 7.1)', () => {
  it.each([
    { tryingDelayMs: undefined, at: 200 },
    { tryingDelayMs: 50, at: 50 },
  ])('sends 100 Trying when the TU is silent (after $at ms)', ({ tryingDelayMs, at }) => {
    const s = server(tryingDelayMs === undefined ? {} : { tryingDelayMs });
    const invite = s.aliceRequest({ method: 'INVITE' });
    s.send(invite);
    s.clock.advance(at - 1);
    expect(s.responses()).toEqual([]);
    s.clock.advance(1);
    expect(s.responses().map((r) => r.status)).toEqual([100]);
    const trying = s.responses()[0]!;
    expect(trying.to?.tag).toBeUndefined();
    expect(trying.callId).toBe(invite.callId);
    expect(s.bobCore.transactions).toHaveLength(1);
  });

  it('sends no 100 Trying when the TU answers within 200 ms', () => {
    const s = server();
    s.send(s.aliceRequest({ method: 'INVITE' }));
    s.clock.advance(150);
    s.bobCore.last!.respond(createResponse(s.bobCore.last!.request, 180, undefined, { toTag: 'b' }));
    s.clock.advance(10_000);
    expect(s.responses().map((r) => r.status)).toEqual([180]);
  });

  it('answers a retransmitted INVITE with the latest provisional, without telling the TU again', () => {
    const s = server();
    const invite = s.aliceRequest({ method: 'INVITE' });
    s.send(invite);
    s.clock.advance(300); // 100 Trying sent at 200
    s.send(invite);
    s.clock.advance(0);
    const tx = s.bobCore.last!;
    tx.respond(createResponse(tx.request, 183, undefined, { toTag: 'b' }));
    s.send(invite);
    s.clock.advance(0);
    expect(s.responses().map((r) => r.status)).toEqual([100, 100, 183, 183]);
    expect(s.bobCore.transactions).toHaveLength(1);
    expect(tx.state).toBe('proceeding');
  });

  it.each([
    {
      timers: {},
      sends: [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
      h: 32000,
    },
    { timers: { t1: 100, t2: 400 }, sends: [0, 100, 300, 700, 1100, 1500, 1900, 2300], h: 6400 },
  ])('retransmits a non-2xx with Timer G on $timers until Timer H ends it', async ({ timers, sends, h }) => {
    const s = server({ timers });
    s.send(s.aliceRequest({ method: 'INVITE' }));
    s.clock.advance(0);
    const tx = s.bobCore.last!;
    const ends: string[] = [];
    tx.onTerminated((r) => ends.push(r));
    tx.respond(createResponse(tx.request, 486, undefined, { toTag: 'b' }));
    expect(tx.state).toBe('completed');
    s.clock.advance(h - 1);
    expect(s.sendTimes(s.bob, isResponse(486)).slice(0, sends.length)).toEqual(sends);
    expect(ends).toEqual([]);
    s.clock.advance(1);
    expect(ends).toEqual(['timeout']);
    expect(tx.state).toBe('terminated');
    expect(s.bobLayer.size.servers).toBe(0);
    await flush();
  });

  it.each([
    { protocol: 'udp' as const, i: 5000, resends: 2 },
    { protocol: 'tcp' as const, i: 0, resends: 1 },
  ])(
    'goes to Confirmed on ACK, absorbs ACK retransmissions, ends after Timer I ($protocol)',
    ({ protocol, i, resends }) => {
      const s = server({ protocol });
      const invite = s.aliceRequest({ method: 'INVITE' });
      s.send(invite);
      s.clock.advance(0);
      const tx = s.bobCore.last!;
      const ends: string[] = [];
      tx.onTerminated((r) => ends.push(r));
      tx.respond(createResponse(tx.request, 603, undefined, { toTag: 'b' }));
      s.clock.advance(600); // UDP: one retransmission at 500
      const final = s.responses().at(-1)!;
      s.send(ackFor(invite, final));
      s.clock.advance(0);
      expect(tx.state).toBe(i === 0 ? 'terminated' : 'confirmed');
      if (protocol === 'udp') {
        // Retransmissions happen on UDP only; Timer I absorbs them.
        s.send(ackFor(invite, final));
        s.send(invite);
      }
      s.clock.advance(i === 0 ? 0 : i - 1);
      expect(s.sendTimes(s.bob, isResponse(603))).toHaveLength(resends);
      expect(s.bobCore.strayAcks).toEqual([]);
      if (i > 0) {
        expect(ends).toEqual([]);
        s.clock.advance(1);
      }
      expect(ends).toEqual(['normal']);
    },
  );

  it('Accepted (RFC 6026): absorbs INVITE retransmissions, passes ACKs to the core, ends after Timer L', () => {
    const s = server();
    const invite = s.aliceRequest({ method: 'INVITE' });
    s.send(invite);
    s.clock.advance(0);
    const tx = s.bobCore.last!;
    const ok = createResponse(tx.request, 200, undefined, { toTag: 'b' });
    tx.respond(ok);
    expect(tx.state).toBe('accepted');
    s.send(invite);
    s.clock.advance(1000);
    // The TU retransmits its 2xx (13.3.1.4); the transaction sends it.
    tx.respond(ok);
    s.clock.advance(0);
    expect(s.responses().map((r) => r.status)).toEqual([200, 200]);
    expect(s.bobCore.transactions).toHaveLength(1);
    // An ACK that reuses the INVITE's branch matches the transaction and goes to the core.
    s.send(ackFor(invite, ok));
    // The usual ACK for a 2xx has a branch of its own: no transaction, also to the core.
    s.send(ackFor(invite, ok, 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-ack-own'));
    s.clock.advance(0);
    expect(s.bobCore.strayAcks.map((a) => a.request.via?.[0]?.branch)).toEqual([
      invite.via![0]!.branch,
      'z9hG4bK-ack-own',
    ]);
    expect(s.bobCore.strayAcks[0]!.source.remoteAddress).toBe('192.0.2.1');
    expect(tx.state).toBe('accepted');
    s.clock.advance(32000 - 1001);
    expect(tx.state).toBe('accepted');
    s.clock.advance(1);
    expect(tx.state).toBe('terminated');
    // After Timer L a 2xx retransmission from the TU still reaches the network.
    tx.respond(ok);
    s.clock.advance(0);
    expect(s.responses().map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('ignores responses from the TU that the state does not allow', () => {
    const s = server();
    s.send(s.aliceRequest({ method: 'INVITE' }));
    s.clock.advance(0);
    const tx = s.bobCore.last!;
    tx.respond(createResponse(tx.request, 404, undefined, { toTag: 'b' }));
    tx.respond(createResponse(tx.request, 180, undefined, { toTag: 'b' }));
    tx.respond(createResponse(tx.request, 200, undefined, { toTag: 'b' }));
    s.clock.advance(0);
    expect(s.responses().map((r) => r.status)).toEqual([404]);
  });

  it('terminates with transport-error when a response cannot be sent (17.2.4)', async () => {
    const s = server();
    s.send(s.aliceRequest({ method: 'INVITE' }));
    s.clock.advance(0);
    const tx = s.bobCore.last!;
    const ends: string[] = [];
    tx.onTerminated((r) => ends.push(r));
    s.network.link(s.bob, s.alice).fail({ code: 'connection-closed' });
    tx.respond(createResponse(tx.request, 486, undefined, { toTag: 'b' }));
    await flush();
    expect(ends).toEqual(['transport-error']);
    expect(s.bobLayer.size.servers).toBe(0);
  });
});
