/**
 * Call-state events follow the wire: a re-INVITE from the far end (hold, retrieve) changes
 * our state once our 200 has gone out and been acknowledged, not while we build the answer
 * (a refused offer, 488, must leave no event behind).
 */

import type { SipResponse } from '@twinkle/sip-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from './phone.test.util.js';

const phones: TestPhone[] = [];
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.phone.quit()));
});

/** Logs each 2xx to INVITE the phone sends, in one list with its call-state events. */
function wireLog(p: TestPhone, name: string): string[] {
  const log: string[] = [];
  const transport = p.phone.ua.transport;
  const send = transport.sendResponse.bind(transport);
  transport.sendResponse = (response: SipResponse, source) => {
    const cseq = response.cseq;
    const line = `${name} sends ${response.status} ${cseq?.method ?? '?'}`;
    // a retransmitted 2xx (no ACK yet) says nothing new
    if (cseq?.method === 'INVITE' && log.at(-1) !== line) log.push(line);
    return send(response, source);
  };
  p.phone.on((e) => {
    if (e.type === 'call-state') log.push(`${name} ${e.state}`);
  });
  return log;
}

describe('call-state events and the wire', () => {
  it('a remote hold and retrieve change our state after our 200 is sent', async () => {
    const a = await startPhone([testProfile('alice')]);
    const b = await startPhone([testProfile('bob')]);
    phones.push(a, b);
    b.phone.setAutoAnswer(true);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await b.waitFor('call-state', (e) => e.state === 'answered');
    const log = wireLog(b, 'bob');

    await a.phone.hold();
    await b.waitFor('call-state', (e) => e.state === 'remote-held');
    await a.phone.retrieve();
    const deadline = Date.now() + 3000;
    while (log.at(-1) !== 'bob answered' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(log).toEqual(['bob sends 200 INVITE', 'bob remote-held', 'bob sends 200 INVITE', 'bob answered']);
  });
});
