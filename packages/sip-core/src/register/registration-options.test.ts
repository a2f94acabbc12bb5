import { afterEach, describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import { formatUri } from '../uri/index.js';
import type { Uri } from '../uri/types.js';
import { RegistrationManager } from './manager.js';
import { registrationBench } from './registrar.test.util.js';
import { refreshDelaySeconds, retryDelaySeconds } from './timing.js';

const closers: (() => void)[] = [];
const setup = (...a: Parameters<typeof registrationBench>) => {
  const b = registrationBench(...a);
  closers.push(b.close);
  return b;
};
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

describe('REGISTER contents', () => {
  it('outbound proxy, RFC 5626 instance and reg-id, Supported, Expires header, User-Agent, display name', async () => {
    const resolved: string[] = [];
    const t = setup(
      {},
      {
        outboundProxy: 'sip:proxy.example.net',
        instanceId: 'urn:uuid:00000000-0000-1000-8000-000A95A0E128',
        regId: 1,
        outbound: true,
        expiresIn: 'header',
        expires: 900,
        userAgent: 'Twinkle/test',
        displayName: 'Alice A.',
        resolveTarget: async (uri: Uri) => {
          resolved.push(formatUri(uri));
          return [{ protocol: 'udp', address: '192.0.2.2', port: 5060 }];
        },
      },
    );
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    expect(t.r.state.state).toBe('registered');
    expect(resolved[0]).toBe('sip:proxy.example.net');
    const req = t.registers()[0]!;
    expect(req.requestUri).toBe('sip:example.com');
    expect(req.header('route')).toBe('<sip:proxy.example.net;lr>');
    expect(req.header('contact')).toBe(
      '<sip:alice@192.0.2.1:5060>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1',
    );
    expect(req.header('expires')).toBe('900');
    expect(req.header('supported')).toBe('path, outbound');
    expect(req.header('user-agent')).toBe('Twinkle/test');
    expect(req.header('to')).toBe('"Alice A." <sip:alice@example.com>');
    expect(req.via?.[0]).toMatchObject({ transport: 'UDP', host: '192.0.2.1', port: 5060, rport: true });
    expect(t.r.state.bindings?.[0]?.instance).toBe('<urn:uuid:00000000-0000-1000-8000-000A95A0E128>');
    expect(t.r.state.bindings?.[0]?.ours).toBe(true);
  });

  it('a TCP destination gives a Contact with transport=tcp and a TCP Via', async () => {
    const t = setup(
      {},
      { resolveTarget: async () => [{ protocol: 'tcp', address: '192.0.2.2', port: 5060 }] },
    );
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    expect(t.r.state.state).toBe('registered');
    const req = t.registers()[0]!;
    expect(req.header('contact')).toBe('<sip:alice@192.0.2.1:5060;transport=tcp>;expires=3600');
    expect(req.via?.[0]?.transport).toBe('TCP');
  });

  it('stores Service-Route and Path of the 2xx', async () => {
    const t = setup({ serviceRoute: '<sip:orig@scscf.example.com;lr>' });
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    expect(t.r.serviceRoute).toEqual(['<sip:orig@scscf.example.com;lr>']);
    expect(t.r.path).toEqual([]);
  });
});

describe('failover and retry', () => {
  it('fails over to the next destination after a timeout', async () => {
    const t = setup(
      {},
      {
        resolveTarget: async () => [
          { protocol: 'udp', address: '192.0.2.9', port: 5060 },
          { protocol: 'udp', address: '192.0.2.2', port: 5060 },
        ],
      },
    );
    await Promise.all([t.r.register(), t.clock.run(40_000)]);
    expect(t.r.state.state).toBe('registered');
    expect(t.sent().some((x) => x.to === '192.0.2.9:5060')).toBe(true);
  });

  it('refreshes go first to the destination that answered, without waiting for the dead one again', async () => {
    const t = setup(
      { maxExpires: 600 },
      {
        resolveTarget: async () => [
          { protocol: 'udp', address: '192.0.2.9', port: 5060 },
          { protocol: 'udp', address: '192.0.2.2', port: 5060 },
        ],
      },
    );
    await Promise.all([t.r.register(), t.clock.run(40_000)]);
    const dead = () => t.sent().filter((x) => x.to === '192.0.2.9:5060').length;
    const before = dead();
    expect(before).toBeGreaterThan(0);
    await t.clock.run(600_000);
    expect(t.sent().length).toBeGreaterThan(before + 2);
    expect(dead()).toBe(before);
    expect(t.r.state.state).toBe('registered');
  });

  it('503 with Retry-After: next destination, else retrying no earlier than Retry-After', async () => {
    const t = setup({
      intercept: (tx) => createResponse(tx.request, 503, undefined, { headers: { 'Retry-After': '600' } }),
    });
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    expect(t.r.state.state).toBe('retrying');
    expect(t.r.state.reason).toEqual({ kind: 'status', status: 503, phrase: 'Service Unavailable' });
    expect(t.r.retryingAt! - t.clock.now()).toBeGreaterThanOrEqual(598_000);
  });

  it('a refresh that fails keeps the binding lifetime while retrying', async () => {
    let refuse = false;
    const t = setup({ intercept: (tx) => (refuse ? createResponse(tx.request, 500) : undefined) });
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    const expiresAt = t.r.state.expiresAt;
    refuse = true;
    await t.clock.run(3571_000);
    expect(t.r.state).toMatchObject({
      state: 'retrying',
      expiresAt,
      reason: { kind: 'status', status: 500 },
    });
    refuse = false;
    await t.clock.run(t.r.retryingAt! - t.clock.now() + 1000);
    expect(t.r.state.state).toBe('registered');
    expect(t.r.state.expiresAt).toBeGreaterThan(expiresAt!);
  });

  it('no destination: retrying with reason no-destination; transport failures are reported', async () => {
    const t = setup({}, { resolveTarget: async () => [] });
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    expect(t.r.state).toMatchObject({ state: 'retrying', reason: { kind: 'no-destination' } });
    const u = setup();
    u.network.link(u.phone, u.server).fail({ count: 10 });
    await Promise.all([u.r.register(), u.clock.run(1000)]);
    expect(u.r.state).toMatchObject({ state: 'retrying', reason: { kind: 'transport' } });
  });

  it('one REGISTER at a time: a fetch waits for the registration in progress', async () => {
    const t = setup();
    const reg = t.r.register();
    const fetch = t.r.fetchBindings();
    await t.clock.run(5000);
    await reg;
    expect((await fetch).length).toBe(1);
    const regs = t.registers();
    expect(regs.map((r) => r.hasHeader('contact'))).toEqual([true, true, false]);
    expect(regs.map((r) => r.cseq!.seq)).toEqual([
      regs[0]!.cseq!.seq,
      regs[0]!.cseq!.seq + 1,
      regs[0]!.cseq!.seq + 2,
    ]);
  });

  it('fetchBindings rejects with a RegistrationError carrying the failure', async () => {
    const t = setup({ intercept: (tx) => createResponse(tx.request, 404) });
    const f = t.r.fetchBindings().catch((e: unknown) => e);
    await t.clock.run(1000);
    expect(await f).toMatchObject({ name: 'RegistrationError', code: 'status', failure: { status: 404 } });
  });
});

describe('edge cases', () => {
  it('register() twice in a row leaves one refresh timer', async () => {
    const t = setup({ maxExpires: 100 });
    const a = t.r.register();
    const b = t.r.register();
    await t.clock.run(1000);
    await Promise.all([a, b]);
    const n = t.sent().length;
    await t.clock.run(75_000);
    expect(t.sent().length).toBe(n + 1);
  });

  it('a 2xx granting our binding 0 s is a failure, not a refresh loop', async () => {
    const t = setup({
      intercept: (tx) =>
        createResponse(tx.request, 200, undefined, {
          headers: { Contact: '<sip:alice@192.0.2.1:5060>;expires=0' },
        }),
    });
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    expect(t.r.state).toEqual({
      state: 'failed',
      reason: { kind: 'status', status: 200, phrase: 'binding not kept' },
    });
    const n = t.sent().length;
    await t.clock.run(3600_000);
    expect(t.sent().length).toBe(n);
  });

  it('a huge lifetime does not overflow the timer', async () => {
    const t = setup({ maxExpires: 4_000_000_000 }, { expires: 4_000_000_000 });
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    const n = t.sent().length;
    await t.clock.run(3600_000);
    expect(t.sent().length).toBe(n);
    expect(t.r.state.state).toBe('registered');
  });
});

describe('RegistrationManager', () => {
  it('keeps independent registrations with one combined event stream', async () => {
    const a = setup();
    const b = setup({ auth: { realm: 'other.example', passwords: new Map([['bob', 'pw']]) } });
    const m = new RegistrationManager();
    closers.push(() => m.close());
    const events: string[] = [];
    m.stateChange.on((e) => events.push(`${e.name}:${e.state.state}`));
    a.r.close();
    b.r.close();
    m.add('work', { ...a.options });
    m.add('home', {
      ...b.options,
      aor: 'sip:bob@other.example',
      credentials: { credentials: [{ realm: 'other.example', username: 'bob', password: 'pw' }] },
    });
    expect(() => m.add('work', a.options)).toThrow();
    // Both benches share nothing, so run both clocks.
    await Promise.all([m.registerAll(), a.clock.run(1000), b.clock.run(1000)]);
    expect([...m.states()].map(([n, s]) => [n, s.state])).toEqual([
      ['work', 'registered'],
      ['home', 'registered'],
    ]);
    expect(events).toEqual(['work:registering', 'home:registering', 'work:registered', 'home:registered']);
    const removing = m.remove('home');
    await b.clock.run(1000);
    await removing;
    expect(m.names).toEqual(['work']);
    expect(b.registrar.bindings('sip:bob@other.example')).toEqual([]);
  });
});

describe('timing rules', () => {
  it('refresh at max(expires/2, expires - margin)', () => {
    expect(refreshDelaySeconds(3600, 30)).toBe(3570);
    expect(refreshDelaySeconds(40, 30)).toBe(20);
    expect(refreshDelaySeconds(60, 30)).toBe(30);
  });

  it('RFC 5626 4.5 backoff: 50-100% of min(max, base * 2^(n-1))', () => {
    expect(retryDelaySeconds(1, 30, 1800, 0)).toBe(15);
    expect(retryDelaySeconds(1, 30, 1800, 0.999)).toBeCloseTo(29.985);
    expect(retryDelaySeconds(3, 30, 1800, 0.5)).toBe(90);
    expect(retryDelaySeconds(10, 30, 1800, 0)).toBe(900);
    expect(retryDelaySeconds(50, 30, 1800, 1)).toBe(1800);
  });
});
