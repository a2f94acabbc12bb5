import { describe, expect, it } from 'vitest';
import type { Incoming } from '../transport/types.js';
import { TransportError } from '../transport/types.js';
import { isRequest, LoopNetwork, testRequest, VirtualClock } from './index.js';

function setup(seed?: number) {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock, ...(seed === undefined ? {} : { seed }) });
  const a = network.endpoint('192.0.2.1', 5060);
  const b = network.endpoint('192.0.2.2', 5070);
  const got: Incoming[] = [];
  b.onMessage((m) => got.push(m));
  const toB = { protocol: 'udp' as const, address: '192.0.2.2', port: 5070 };
  return { clock, network, a, b, got, toB };
}

const req = (n = 1) => testRequest({ from: { address: '192.0.2.1', port: 5060 }, cseq: n });

describe('LoopNetwork', () => {
  it('delivers a re-parsed copy at the next clock step, with the source filled in', async () => {
    const { clock, a, got, toB } = setup();
    const sent = req();
    await a.sendRequest(sent, toB);
    expect(got).toHaveLength(0);
    clock.advance(0);
    expect(got).toHaveLength(1);
    const m = got[0]!;
    expect(m.message).not.toBe(sent);
    expect(m.message.toString()).toBe(sent.toString());
    expect(m.source).toMatchObject({
      protocol: 'udp',
      remoteAddress: '192.0.2.1',
      remotePort: 5060,
      localAddress: '192.0.2.2',
      localPort: 5070,
    });
  });

  it('stamps received when sent-by differs from the source, and fills rport when asked', async () => {
    const { clock, a, got, toB } = setup();
    await a.sendRequest(testRequest({ from: { address: '10.0.0.9', port: 5062 }, rport: true }), toB);
    await a.sendRequest(req(), toB);
    clock.advance(0);
    const top = got[0]!.message.via![0]!;
    expect(top.received).toBe('192.0.2.1');
    expect(top.rport).toBe(5060);
    expect(got[1]!.message.via![0]!.received).toBeUndefined();
  });

  it('routes responses back to the source of the request', async () => {
    const { clock, a, b, got, toB } = setup();
    const back: Incoming[] = [];
    a.onMessage((m) => back.push(m));
    await a.sendRequest(req(), toB);
    clock.advance(0);
    const { createResponse } = await import('../message/build.js');
    if (got[0]!.message.kind !== 'request') throw new Error('expected a request');
    await b.sendResponse(createResponse(got[0]!.message, 200), got[0]!.source);
    clock.advance(0);
    expect(back).toHaveLength(1);
    expect(back[0]!.message.kind).toBe('response');
  });

  it('drops the next N messages, then delivers', async () => {
    const { clock, network, a, got, toB } = setup();
    network.link(a, '192.0.2.2:5070').drop({ count: 2 });
    for (let i = 1; i <= 4; i++) await a.sendRequest(req(i), toB);
    clock.advance(0);
    expect(got.map((g) => g.message.cseq?.seq)).toEqual([3, 4]);
    expect(network.log.map((r) => r.outcome)).toEqual(['dropped', 'dropped', 'sent', 'sent']);
  });

  it('drops by predicate and by seeded probability, the same way for the same seed', async () => {
    const run = async (seed: number) => {
      const { clock, network, a, got, toB } = setup(seed);
      network.link(a, '*').drop({ probability: 0.5 });
      for (let i = 1; i <= 40; i++) await a.sendRequest(req(i), toB);
      clock.advance(0);
      return got.map((g) => g.message.cseq?.seq);
    };
    const first = await run(7);
    expect(first.length).toBeGreaterThan(5);
    expect(first.length).toBeLessThan(35);
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);

    const { clock, network, a, got, toB } = setup();
    network.link('*', '*').drop({ where: (m) => m.cseq?.seq === 2 });
    for (let i = 1; i <= 3; i++) await a.sendRequest(req(i), toB);
    clock.advance(0);
    expect(got.map((g) => g.message.cseq?.seq)).toEqual([1, 3]);
  });

  it('delays in clock time, duplicates, and applies per-link latency', async () => {
    const { clock, network, a, got, toB } = setup();
    const link = network.link(a, '192.0.2.2:5070');
    link
      .latency(10)
      .delay(100)
      .duplicate({ copies: 2, where: isRequest('OPTIONS') });
    await a.sendRequest(req(1), toB);
    await a.sendRequest(req(2), toB);
    clock.advance(10);
    expect(got.map((g) => g.message.cseq?.seq)).toEqual([2, 2, 2]);
    clock.advance(100);
    expect(got.map((g) => g.message.cseq?.seq)).toEqual([2, 2, 2, 1, 1, 1]);
    expect(network.log[0]!.delayMs).toBe(110);
    expect(network.log[0]!.copies).toBe(3);
  });

  it('reorders: a held message arrives right after the next one', async () => {
    const { clock, network, a, got, toB } = setup();
    network.link(a, '*').reorder();
    for (let i = 1; i <= 3; i++) await a.sendRequest(req(i), toB);
    clock.advance(0);
    expect(got.map((g) => g.message.cseq?.seq)).toEqual([2, 1, 3]);
  });

  it('releases a held message after maxHoldMs when nothing follows', async () => {
    const { clock, network, a, got, toB } = setup();
    network.link(a, '*').reorder({ maxHoldMs: 300 });
    await a.sendRequest(req(1), toB);
    clock.advance(299);
    expect(got).toHaveLength(0);
    clock.advance(1);
    expect(got).toHaveLength(1);
  });

  it('fails sends on request, to unknown addresses over streams and from closed endpoints', async () => {
    const { network, a, b, toB } = setup();
    network.link(a, b).fail({ code: 'connection-failed' });
    const e1 = await a.sendRequest(req(), toB).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(TransportError);
    expect((e1 as TransportError).code).toBe('connection-failed');
    // Nobody at the address: UDP loses the datagram silently, TCP is refused.
    await expect(a.sendRequest(req(), { ...toB, port: 9 })).resolves.toBeUndefined();
    const e2 = await a.sendRequest(req(), { ...toB, protocol: 'tcp', port: 9 }).catch((e: unknown) => e);
    expect((e2 as TransportError).code).toBe('connection-failed');
    await a.close();
    const e3 = await a.sendRequest(req(), toB).catch((e: unknown) => e);
    expect((e3 as TransportError).code).toBe('closed');
    expect(network.log.map((r) => r.outcome)).toEqual(['failed', 'dropped', 'failed']);
  });

  it('tells reliable from unreliable protocols and advertises its listening addresses', () => {
    const { a, network } = setup();
    expect(a.isReliable('udp')).toBe(false);
    expect(a.isReliable('tcp')).toBe(true);
    expect(a.isReliable('tls')).toBe(true);
    expect(a.localAddress('udp')).toEqual({ protocol: 'udp', host: '192.0.2.1', port: 5060 });
    expect(a.localAddress('wss')).toEqual({ protocol: 'wss', host: '192.0.2.1', port: 5060 });
    const udpOnly = network.endpoint('2001:db8::1', 5060, ['udp']);
    expect(udpOnly.key).toBe('[2001:db8::1]:5060');
    expect(udpOnly.localAddress('udp')).toEqual({ protocol: 'udp', host: '[2001:db8::1]', port: 5060 });
    expect(udpOnly.localAddress('tls')).toBeUndefined();
    return expect(
      udpOnly.sendRequest(req(), { protocol: 'tcp', address: '192.0.2.2', port: 5070 }),
    ).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('connects IPv6 endpoints and stamps received without brackets (RFC 5118 4.5)', async () => {
    const clock = new VirtualClock();
    const network = new LoopNetwork({ clock });
    const a = network.endpoint('2001:db8::1', 5060);
    const b = network.endpoint('2001:db8::2', 5060);
    const got: Incoming[] = [];
    b.onMessage((m) => got.push(m));
    await a.sendRequest(testRequest({ from: { address: '2001:db8::99', port: 5060 } }), {
      protocol: 'tcp',
      address: '2001:db8::2',
      port: 5060,
    });
    clock.advance(0);
    const via = got[0]!.message.via![0]!;
    expect(via.host).toBe('[2001:db8::99]');
    expect(via.received).toBe('2001:db8::1');
    expect(got[0]!.source.remoteAddress).toBe('2001:db8::1');
    expect(network.log[0]!.to).toBe('[2001:db8::2]:5060');
  });
});
