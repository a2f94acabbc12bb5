/**
 * Two phones call each other over UDP on 127.0.0.1: ringing, answer, media
 * negotiation handed to the media layer, hold and retrieve, mute, DTMF over
 * each transport, BYE, and the history records of both sides.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../history/call-record.js';
import { startPhone, type TestPhone, testProfile } from './phone.test.util.js';

const running: TestPhone[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.phone.quit()));
});

async function pair(
  alice = testProfile('alice'),
  bob = testProfile('bob'),
): Promise<{ a: TestPhone; b: TestPhone }> {
  const a = await startPhone([alice]);
  const b = await startPhone([bob]);
  running.push(a, b);
  return { a, b };
}

describe('a call between two phones', () => {
  it('rings, is answered, negotiates G.711 A-law, holds, retrieves, sends DTMF and ends with BYE', async () => {
    const { a, b } = await pair();
    const records: CallRecord[] = [];
    b.phone.on((e) => {
      if (e.type === 'history') records.push(e.record);
    });
    const line = await a.phone.call(b.uri('bob'), { subject: 'lunch' });
    expect(line).toBe(1);
    const incoming = await b.waitFor('incoming-call');
    expect(incoming).toMatchObject({ line: 1, profile: 'bob', subject: 'lunch', waiting: false });
    expect(incoming.from).toContain('"Alice" <sip:alice@127.0.0.1>');
    await a.waitFor('call-state', (e) => e.state === 'ringing');
    expect(a.tones.log).toContain('ringback 1');
    expect(b.tones.log).toContain('ring 1');

    await b.phone.answer();
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await b.waitFor('call-state', (e) => e.state === 'answered');
    expect(a.tones.log).toContain('stop ringback 1');
    expect(b.tones.log).toContain('stop ring 1');
    const am = await a.waitFor('media');
    expect(am).toMatchObject({ line: 1, codec: 'PCMA', payloadType: 8, clockRate: 8000, ptime: 20 });
    const aPort = a.media.ports[0]!;
    const bPort = b.media.ports[0]!;
    // Each side sends to the other's RTP port, as the SDP said.
    expect(aPort.applied[0]!.remotePort).toBe(bPort.localPort);
    expect(bPort.applied[0]!.remotePort).toBe(aPort.localPort);
    expect(aPort.applied[0]!.sendTelephoneEvent?.payloadType).toBe(101);

    await a.phone.hold();
    expect(a.phone.callOn(1)?.state).toBe('held');
    await b.waitFor('call-state', (e) => e.state === 'remote-held');
    expect(bPort.applied.at(-1)!.remoteHold).toBe(true);
    expect(aPort.applied.at(-1)!.localHold).toBe(true);
    await a.phone.retrieve();
    expect(a.phone.callOn(1)?.state).toBe('answered');
    await b.waitFor(
      'call-state',
      (e) =>
        e.state === 'answered' && b.events.some((x) => x.type === 'call-state' && x.state === 'remote-held'),
    );
    expect(bPort.applied.at(-1)!.remoteHold).toBe(false);

    a.phone.mute(true);
    expect(aPort.muted).toBe(true);
    await a.phone.dtmf('12#');
    expect(aPort.sentDtmf).toEqual(['1', '2', '#']);
    bPort.receiveDtmf('5');
    expect(await b.waitFor('dtmf')).toEqual({ type: 'dtmf', line: 1, digit: '5', method: 'rfc2833' });

    await a.phone.bye();
    const endedA = await a.waitFor('call-ended');
    const endedB = await b.waitFor('call-ended');
    expect(endedA).toMatchObject({ line: 1, by: 'local', cause: 'bye' });
    expect(endedB).toMatchObject({ line: 1, by: 'remote', cause: 'bye' });
    expect(a.phone.callOn(1)).toBeUndefined();
    expect(aPort.closed).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(bPort.closed).toBe(true);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      direction: 'in',
      fromUri: 'sip:alice@127.0.0.1',
      fromDisplay: 'Alice',
      subject: 'lunch',
      releaseCause: 'remote user',
      inviteResponseCode: 200,
      userProfile: 'bob',
    });
    expect(records[0]!.timeAnswer).toBeGreaterThanOrEqual(records[0]!.timeStart);
    expect(records[0]!.timeStart).toBeGreaterThan(1_700_000_000); // Unix seconds
  });

  it('sends DTMF in SIP INFO (application/dtmf-relay) when dtmf_transport is info', async () => {
    const { a, b } = await pair(testProfile('alice', { dtmfTransport: 'info' }));
    b.phone.setAutoAnswer(true);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await a.phone.dtmf('7*');
    const got = b.events.filter((e) => e.type === 'dtmf');
    expect(got).toEqual([
      { type: 'dtmf', line: 1, digit: '7', method: 'info' },
      { type: 'dtmf', line: 1, digit: '*', method: 'info' },
    ]);
    expect(a.media.ports[0]!.sentDtmf).toEqual([]);
    await expect(a.phone.dtmf('x')).rejects.toMatchObject({ code: 'bad-argument' });
  });

  it('picks the codec both profiles have, in the caller-preferred order, and holds with c=0.0.0.0 (rfc2543)', async () => {
    const { a, b } = await pair(
      testProfile('alice', { codecs: ['gsm', 'g711u'], holdVariant: 'rfc2543' }),
      testProfile('bob', { codecs: ['g711a', 'g711u', 'gsm'] }),
    );
    b.phone.setAutoAnswer(true);
    await a.phone.call(b.uri('bob'));
    const m = await b.waitFor('media');
    // The answerer keeps its own order among the offered codecs (RFC 3264 6.1, sdp default 'local').
    expect(m.codec).toBe('PCMU');
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await a.phone.hold();
    await b.waitFor('call-state', (e) => e.state === 'remote-held');
    const bPort = b.media.ports[0]!;
    expect(bPort.applied.at(-1)!.remoteAddress).toBe('0.0.0.0');
  });

  it('takes a call to a URI without a user part (sip:HOST:PORT) on the active profile', async () => {
    const a = await startPhone([testProfile('alice')]);
    const b = await startPhone([testProfile('bob'), testProfile('carol')], { activeProfile: 'carol' });
    running.push(a, b);
    const hostOnly = b.uri('bob').replace('bob@', '');
    expect(hostOnly).toMatch(/^sip:127\.0\.0\.1:\d+$/);
    await a.phone.call(hostOnly);
    const incoming = await b.waitFor('incoming-call');
    expect(incoming).toMatchObject({ line: 1, profile: 'carol' });
    await b.phone.answer();
    await a.waitFor('call-state', (e) => e.state === 'answered');
  });
});
