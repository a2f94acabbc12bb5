/**
 * A call into silence says so before Timer B: what ICMP tells a connected UDP socket
 * (nothing listens on that port), else that nothing came back yet; over TCP a refused
 * connection fails the call at once.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { udpNextHop } from './first-response-watch.js';
import { startPhone, type TestPhone, testProfile } from './phone.test.util.js';
import { probeUdp } from './udp-probe.js';

const phones: TestPhone[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.phone.quit()));
  for (const s of sockets.splice(0)) s.close();
});

/** A UDP port on 127.0.0.1 that nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A UDP port on 127.0.0.1 that takes everything and answers nothing. */
async function silentPort(): Promise<{ port: number; received: () => number }> {
  const s = createSocket('udp4');
  let n = 0;
  s.on('message', () => n++);
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  sockets.push(s);
  return { port: s.address().port, received: () => n };
}

const notices = (p: TestPhone) => p.events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));

describe('udpNextHop', () => {
  it('is the route or the target when its address needs no SRV lookup, over UDP only', () => {
    expect(udpNextHop('sip:bob@192.0.2.7', undefined, 'auto')).toEqual({ host: '192.0.2.7', port: 5060 });
    expect(udpNextHop('sip:bob@example.com:5070', undefined, 'udp')).toEqual({
      host: 'example.com',
      port: 5070,
    });
    expect(udpNextHop('sip:bob@[2001:db8::1]:5080', undefined, 'auto')).toEqual({
      host: '[2001:db8::1]',
      port: 5080,
    });
    expect(udpNextHop('sip:bob@example.com', undefined, 'auto')).toBeUndefined();
    expect(udpNextHop('sip:bob@192.0.2.7;transport=tcp', undefined, 'auto')).toBeUndefined();
    expect(udpNextHop('sip:bob@192.0.2.7', undefined, 'tcp')).toBeUndefined();
    expect(udpNextHop('sip:bob@192.0.2.7;transport=udp', undefined, 'tcp')).toEqual({
      host: '192.0.2.7',
      port: 5060,
    });
    expect(udpNextHop('sip:bob@example.com', 'sip:198.51.100.1:5062;lr', 'auto')).toEqual({
      host: '198.51.100.1',
      port: 5062,
    });
    expect(udpNextHop('sips:bob@192.0.2.7', undefined, 'auto')).toBeUndefined();
  });
});

describe('probeUdp', () => {
  it('hears ICMP port unreachable for a closed port, and nothing from a socket that listens', async () => {
    expect(await probeUdp('127.0.0.1', await closedPort())).toBe('port-unreachable');
    const silent = await silentPort();
    expect(await probeUdp('127.0.0.1', silent.port, 300)).toBe('no-error');
    expect(silent.received()).toBeGreaterThanOrEqual(1);
  });
});

describe('an outgoing call that hears nothing', () => {
  it('says that nothing listens at a closed UDP port and ends the call at once (503)', async () => {
    const a = await startPhone([testProfile('alice')], { sipTimers: { t1: 100 } });
    phones.push(a);
    const port = await closedPort();
    const started = Date.now();
    await a.phone.call(`sip:bob@127.0.0.1:${port}`);
    const n = await a.waitFor('notice', (e) => e.message.includes('ICMP'), 2000);
    expect(n.message).toBe(`line 1: nothing listens for SIP at 127.0.0.1:${port} (ICMP port unreachable)`);
    expect(await a.waitFor('call-ended', undefined, 2000)).toMatchObject({
      by: 'stack',
      cause: 'transport-error',
      status: 503,
    });
    expect(Date.now() - started).toBeLessThan(2000); // Timer B would be 6.4 s
    expect(a.phone.callOn(1)).toBeUndefined();
  });

  it('says that nothing came back yet when the network is silent too', async () => {
    const a = await startPhone([testProfile('alice')], { sipTimers: { t1: 100 } });
    phones.push(a);
    const silent = await silentPort();
    await a.phone.call(`sip:bob@127.0.0.1:${silent.port}`);
    const n = await a.waitFor('notice', undefined, 2000);
    expect(n.message).toBe(
      `line 1: no response from 127.0.0.1:${silent.port} after 0.8 s; the call gives up after 6.4 s`,
    );
    expect(notices(a).some((m) => m.includes('ICMP'))).toBe(false);
    expect(silent.received()).toBeGreaterThanOrEqual(3); // the INVITE, its retransmissions, the pings
  });

  it('says nothing about a call that is answered', async () => {
    const a = await startPhone([testProfile('alice')], { sipTimers: { t1: 100 } });
    const b = await startPhone([testProfile('bob')], { sipTimers: { t1: 100 } });
    phones.push(a, b);
    b.phone.setAutoAnswer(true);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await new Promise((r) => setTimeout(r, 1000));
    expect(notices(a)).toEqual([]);
  });

  it('over TCP, a refused connection ends the call at once (503)', async () => {
    const a = await startPhone([testProfile('alice')]);
    phones.push(a);
    const started = Date.now();
    await a.phone.call(`sip:bob@127.0.0.1:${await closedPort()};transport=tcp`);
    expect(await a.waitFor('call-ended', undefined, 2000)).toMatchObject({
      cause: 'transport-error',
      status: 503,
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
