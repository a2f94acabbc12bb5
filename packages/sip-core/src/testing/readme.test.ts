import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import { isRequest, RecordingClientUser, transactionPair } from './index.js';

describe('testing kit README example', () => {
  it('runs as written', () => {
    const p = transactionPair({ bobResponds: (tx) => tx.respond(createResponse(tx.request, 200)) });
    p.network.link(p.alice, p.bob).drop({ count: 2 });

    const user = new RecordingClientUser(p.clock);
    p.aliceLayer.sendRequest(p.aliceRequest({ method: 'OPTIONS' }), p.toBob, user);
    p.clock.advance(2000);

    expect(user.statuses).toEqual([200]);
    expect(p.sendTimes(p.alice, isRequest('OPTIONS'))).toEqual([0, 500, 1500]);
  });
});
