/**
 * quit() says goodbye: BYE for an answered call, CANCEL for an outgoing
 * call still ringing, 480 for a call ringing here, and it stays bounded
 * when the far side never answers. Also: a call over TCP (sip_transport=tcp)
 * and Opus offered when the profile lists it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from './phone.test.util.js';

const running: TestPhone[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.phone.quit()));
});

async function pair(): Promise<[TestPhone, TestPhone]> {
  const a = await startPhone([testProfile('alice')]);
  const b = await startPhone([testProfile('bob')]);
  running.push(a, b);
  return [a, b];
}

describe('quit', () => {
  it('ends an answered call with BYE', async () => {
    const [a, b] = await pair();
    b.phone.setAutoAnswer(true);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await a.phone.quit();
    expect(await b.waitFor('call-ended')).toMatchObject({ by: 'remote', cause: 'bye' });
    expect(a.media.ports[0]!.closed).toBe(true);
    await expect(a.phone.call(b.uri('bob'))).rejects.toMatchObject({ code: 'closed' });
  });

  it('cancels an outgoing call that rings, and answers 480 to one ringing here', async () => {
    const [a, b] = await pair();
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'ringing');
    await a.phone.quit();
    expect(await b.waitFor('call-ended')).toMatchObject({ by: 'remote', cause: 'cancelled' });

    const c = await startPhone([testProfile('carol')]);
    running.push(c);
    await c.phone.call(b.uri('bob'));
    await b.waitFor('incoming-call', (e) => e.from.includes('carol'));
    await b.phone.quit();
    expect(await c.waitFor('call-ended')).toMatchObject({ by: 'remote', status: 480 });
  });

  it('is bounded when the far end is gone', async () => {
    const [a, b] = await pair();
    b.phone.setAutoAnswer(true);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await b.phone.ua.close(); // bob vanishes without a word: our BYE goes nowhere
    const started = performance.now();
    await a.phone.quit();
    expect(performance.now() - started).toBeLessThan(2500);
  });
});

describe('transports and codecs', () => {
  it('calls over TCP when the profile says sip_transport=tcp', async () => {
    const a = await startPhone([testProfile('alice', { sipTransport: 'tcp' })]);
    const b = await startPhone([testProfile('bob', { sipTransport: 'tcp' })]);
    running.push(a, b);
    b.phone.setAutoAnswer(true);
    const port = b.phone.ua.transport.localAddress('tcp')!.port;
    await a.phone.call(`sip:bob@127.0.0.1:${port};transport=tcp`);
    await a.waitFor('call-state', (e) => e.state === 'answered');
    expect(b.phone.callOn(1)?.session.request?.via?.[0]?.transport.toUpperCase()).toBe('TCP');
  });

  it('loads Opus when a profile lists it, and offers it first', async () => {
    const a = await startPhone([testProfile('alice', { codecs: ['opus', 'g711a'] })]);
    const b = await startPhone([testProfile('bob', { codecs: ['opus', 'g711a'] })]);
    running.push(a, b);
    b.phone.setAutoAnswer(true);
    await a.phone.call(b.uri('bob'));
    const m = await a.waitFor('media');
    expect(m).toMatchObject({ codec: 'opus', clockRate: 48000 });
    expect(a.phone.notices).toEqual([]);
  });
});
