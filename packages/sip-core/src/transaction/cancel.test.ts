import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { isRequest, RecordingClientUser, testRequest, transactionPair } from '../testing/index.js';
import { buildCancel } from './ack-cancel.js';

const ringing = (toTag = 'bob') => ({
  bobResponds: (tx: { request: SipRequest; respond(r: SipResponse): void }) => {
    if (tx.request.method === 'INVITE') tx.respond(createResponse(tx.request, 180, undefined, { toTag }));
  },
});

describe('CANCEL (RFC 3261 9)', () => {
  it('builds the CANCEL per 9.1 and carries the whole flow: 200 for the CANCEL, 487 and its ACK', () => {
    const p = transactionPair(ringing());
    const user = new RecordingClientUser(p.clock);
    const invite = p.aliceRequest({
      method: 'INVITE',
      headers: [{ name: 'Route', value: '<sip:edge.example.com;lr>' }],
    });
    const tx = p.aliceLayer.sendRequest(invite, p.toBob, user);
    p.clock.advance(0);
    expect(user.statuses).toEqual([180]);
    tx.cancel('SIP;cause=480;text="gone"');
    tx.cancel(); // a second call sends nothing more
    p.clock.advance(0);
    const cancels = p.network.records((r) => isRequest('CANCEL')(r.message));
    expect(cancels).toHaveLength(1);
    const c = cancels[0]!.message as SipRequest;
    expect(c.requestUri).toBe(invite.requestUri);
    expect(c.callId).toBe(invite.callId);
    expect(c.header('to')).toBe(invite.header('to'));
    expect(c.header('from')).toBe(invite.header('from'));
    expect(c.cseq).toEqual({ seq: invite.cseq!.seq, method: 'CANCEL' });
    expect(c.headers('via')).toEqual([invite.headers('via')[0]]);
    expect(c.headers('route')).toEqual(invite.headers('route'));
    expect(c.header('reason')).toBe('SIP;cause=480;text="gone"');

    // Bob's layer answered the CANCEL 200 with the tag of its 180 and told the INVITE transaction.
    expect(p.bobCore.cancels).toHaveLength(1);
    const ok = p.network.records((r) => r.message.kind === 'response' && r.message.cseq?.method === 'CANCEL');
    expect(ok.map((r) => (r.message as SipResponse).status)).toEqual([200]);
    expect(ok[0]!.message.to?.tag).toBe('bob');
    expect(p.bobCore.transactions.map((t) => t.request.method)).toEqual(['INVITE']);

    const server = p.bobCore.transactions[0]!;
    server.respond(createResponse(server.request, 487, undefined, { toTag: 'bob' }));
    p.clock.advance(0);
    // The 200 for the CANCEL went to the CANCEL's own transaction, not to the INVITE's user.
    expect(user.statuses).toEqual([180, 487]);
    expect(p.network.records((r) => isRequest('ACK')(r.message))).toHaveLength(1);
    expect(server.state).toBe('confirmed');
  });

  it('waits for a provisional response before sending the CANCEL (9.1)', () => {
    const p = transactionPair();
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    tx.cancel();
    p.clock.advance(150);
    expect(p.sendTimes(p.alice, isRequest('CANCEL'))).toEqual([]);
    p.clock.advance(50); // bob's layer sends 100 Trying at 200 ms
    expect(p.sendTimes(p.alice, isRequest('CANCEL'))).toEqual([200]);
    expect(p.bobCore.cancels).toHaveLength(1);
  });

  it('sends no CANCEL once a final response arrived', () => {
    const p = transactionPair({ bobResponds: (tx) => tx.respond(createResponse(tx.request, 404)) });
    const tx = p.aliceLayer.sendRequest(
      p.aliceRequest({ method: 'INVITE' }),
      p.toBob,
      new RecordingClientUser(),
    );
    tx.cancel(); // queued while Calling, dropped by the 404
    p.clock.advance(0);
    tx.cancel();
    p.clock.advance(40000);
    expect(p.sendTimes(p.alice, isRequest('CANCEL'))).toEqual([]);
  });

  it('gives up on the INVITE 64*T1 after the CANCEL when no final response comes (9.1)', () => {
    const p = transactionPair({ ...ringing(), timers: { t1: 100 } });
    const user = new RecordingClientUser(p.clock);
    const tx = p.aliceLayer.sendRequest(p.aliceRequest({ method: 'INVITE' }), p.toBob, user);
    p.clock.advance(1000);
    tx.cancel();
    p.clock.advance(6399);
    expect(tx.state).toBe('proceeding');
    p.clock.advance(1);
    expect(user.failures).toEqual([{ kind: 'timeout' }]);
    expect(user.terminatedAt).toBe(7400);
  });

  it('answers a CANCEL that matches nothing with 481, and one after the final response with 200 only', () => {
    const p = transactionPair();
    p.aliceLayer.close();
    const got: SipResponse[] = [];
    p.alice.onMessage((m) => {
      if (m.message.kind === 'response') got.push(m.message);
    });
    const from = { address: p.alice.address, port: p.alice.port };
    void p.alice.sendRequest(buildCancel(testRequest({ method: 'INVITE', from })), p.toBob);
    p.clock.advance(0);
    expect(got.map((r) => `${r.status} ${r.cseq?.method}`)).toEqual(['481 CANCEL']);

    const invite = testRequest({ method: 'INVITE', from });
    void p.alice.sendRequest(invite, p.toBob);
    p.clock.advance(0);
    const server = p.bobCore.last!;
    server.respond(createResponse(server.request, 486, undefined, { toTag: 'b' }));
    const cancel = buildCancel(invite);
    void p.alice.sendRequest(cancel, p.toBob);
    void p.alice.sendRequest(cancel, p.toBob); // retransmission, absorbed by the CANCEL's transaction
    p.clock.advance(0);
    expect(got.map((r) => `${r.status} ${r.cseq?.method}`)).toEqual([
      '481 CANCEL',
      '486 INVITE',
      '200 CANCEL',
      '200 CANCEL',
    ]);
    expect(got[3]!.to?.tag).toBe('b');
    expect(p.bobCore.cancels).toEqual([]);
    // The layer handles CANCEL itself: the core only ever saw the INVITE.
    expect(p.bobCore.transactions.map((t) => t.request.method)).toEqual(['INVITE']);
  });

  it('reports a CANCEL for a non-INVITE request that is still pending, and answers it 200', () => {
    const p = transactionPair();
    p.aliceLayer.close();
    const from = { address: p.alice.address, port: p.alice.port };
    const request = testRequest({ method: 'SUBSCRIBE', from });
    void p.alice.sendRequest(request, p.toBob);
    void p.alice.sendRequest(buildCancel(request), p.toBob);
    p.clock.advance(0);
    expect(p.bobCore.cancels).toHaveLength(1);
    expect(
      p.network.records((r) => r.message.kind === 'response').map((r) => r.message.cseq?.method),
    ).toEqual(['CANCEL']);
  });
});

describe('tags of the responses the layer makes', () => {
  it('come from the injected random source', () => {
    const run = () => {
      const p = transactionPair({ seed: 9 });
      p.aliceLayer.close();
      void p.alice.sendRequest(buildCancel(testRequest({ method: 'INVITE' })), p.toBob);
      p.clock.advance(0);
      return p.network.records((r) => r.message.kind === 'response')[0]!.message.to?.tag;
    };
    const tag = run();
    expect(tag).toMatch(/^[0-9a-f]{16}$/);
    expect(run()).toBe(tag);
  });
});

describe('a CANCEL the TU sent itself', () => {
  it('stands; cancel() then sends no second one and the INVITE transaction carries on', () => {
    const p = transactionPair(ringing());
    const user = new RecordingClientUser(p.clock);
    const invite = p.aliceRequest({ method: 'INVITE' });
    const tx = p.aliceLayer.sendRequest(invite, p.toBob, user);
    p.aliceLayer.sendRequest(buildCancel(invite), p.toBob, new RecordingClientUser());
    tx.cancel(); // queued until the 180, then refused as a duplicate, which is logged only
    p.clock.advance(0);
    expect(user.statuses).toEqual([180]);
    expect(p.network.records((r) => isRequest('CANCEL')(r.message))).toHaveLength(1);
  });
});
