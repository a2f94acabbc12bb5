import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { transactionPair } from '../testing/index.js';
import type { Incoming } from '../transport/types.js';

function server(options: Parameters<typeof transactionPair>[0] = {}) {
  const p = transactionPair(options);
  p.aliceLayer.close();
  const got: Incoming[] = [];
  p.alice.onMessage((m) => got.push(m));
  const send = (m: SipRequest) => void p.alice.sendRequest(m, p.toBob);
  const statuses = () =>
    got
      .map((g) => g.message)
      .filter((m): m is SipResponse => m.kind === 'response')
      .map((r) => r.status);
  return { ...p, send, statuses };
}

describe('non-INVITE server transaction (RFC 3261 17.2.2)', () => {
  it('absorbs retransmissions in Trying, resends the provisional in Proceeding and the final in Completed', () => {
    const s = server();
    const request = s.aliceRequest({ method: 'REGISTER' });
    s.send(request);
    s.clock.advance(0);
    const tx = s.bobCore.last!;
    expect(tx.state).toBe('trying');
    s.send(request);
    s.clock.advance(0);
    expect(s.statuses()).toEqual([]);
    tx.respond(createResponse(tx.request, 100));
    expect(tx.state).toBe('proceeding');
    s.send(request);
    s.clock.advance(0);
    expect(s.statuses()).toEqual([100, 100]);
    tx.respond(createResponse(tx.request, 200, undefined, { toTag: 'b' }));
    expect(tx.state).toBe('completed');
    s.send(request);
    s.clock.advance(0);
    expect(s.statuses()).toEqual([100, 100, 200, 200]);
    expect(s.bobCore.transactions).toHaveLength(1);
  });

  it.each([
    { protocol: 'udp' as const, j: 32000 },
    { protocol: 'tcp' as const, j: 0 },
    { protocol: 'udp' as const, j: 6400, timers: { t1: 100, t2: 400 } },
  ])('ends Timer J after the final response ($protocol, $j ms)', ({ protocol, j, timers }) => {
    const s = server({ protocol, ...(timers === undefined ? {} : { timers }) });
    const request = s.aliceRequest();
    s.send(request);
    s.clock.advance(0);
    const tx = s.bobCore.last!;
    const ends: string[] = [];
    tx.onTerminated((r) => ends.push(r));
    tx.respond(createResponse(tx.request, 200));
    s.clock.advance(0);
    if (j > 0) {
      s.clock.advance(j - 1);
      expect(tx.state).toBe('completed');
      s.clock.advance(1);
    }
    expect(ends).toEqual(['normal']);
    // Once it is gone, the same request starts a new transaction.
    s.send(request);
    s.clock.advance(0);
    expect(s.bobCore.transactions).toHaveLength(2);
  });

  it('drops responses from the TU after the final one', () => {
    const s = server();
    s.send(s.aliceRequest());
    s.clock.advance(0);
    const tx = s.bobCore.last!;
    tx.respond(createResponse(tx.request, 404));
    tx.respond(createResponse(tx.request, 200));
    tx.respond(createResponse(tx.request, 180));
    s.clock.advance(0);
    expect(s.statuses()).toEqual([404]);
  });

  it('answers 500 itself when no transaction user listens', () => {
    const s = server();
    s.bobCore.stop();
    s.send(s.aliceRequest());
    s.clock.advance(0);
    expect(s.statuses()).toEqual([500]);
  });
});
