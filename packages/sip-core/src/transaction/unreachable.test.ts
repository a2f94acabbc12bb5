import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import { isRequest, RecordingClientUser, transactionPair } from '../testing/index.js';

describe('a client transaction told that its destination is unreachable (RFC 3261 section 18.4)', () => {
  it.each(['INVITE', 'OPTIONS'])('%s with no response yet ends at once as a transport failure', (method) => {
    const p = transactionPair();
    p.network.link(p.alice, p.bob).drop({ where: isRequest() });
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest({ method }), p.toBob, user);
    p.clock.advance(1000);
    const error = new Error('ICMP port unreachable');
    tx.unreachable(error);
    expect(tx.state).toBe('terminated');
    expect(user.failures).toEqual([{ kind: 'transport', error }]);
    expect(user.terminatedAt).toBe(1000);
    // no more retransmissions
    const sent = p.sendTimes(p.alice, isRequest(method)).length;
    p.clock.advance(40_000);
    expect(p.sendTimes(p.alice, isRequest(method)).length).toBe(sent);
  });

  it('is ignored once the far end has answered anything: it is reachable', () => {
    const p = transactionPair({ bobResponds: (tx) => tx.respond(createResponse(tx.request, 180)) });
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    p.clock.advance(10);
    expect(tx.state).toBe('proceeding');
    tx.unreachable(new Error('ICMP port unreachable'));
    expect(tx.state).toBe('proceeding');
    expect(user.failures).toEqual([]);
  });
});
