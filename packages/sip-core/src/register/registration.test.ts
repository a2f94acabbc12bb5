import { afterEach, describe, expect, it } from 'vitest';
import { createResponse } from '../message/build.js';
import type { SipRequest } from '../message/sip-message.js';
import { seededBytes } from '../testing/seeded-random.js';
import { registrationBench } from './registrar.test.util.js';
import { Registration } from './registration.js';

const closers: (() => void)[] = [];
const setup = (...a: Parameters<typeof registrationBench>) => {
  const b = registrationBench(...a);
  closers.push(b.close);
  return b;
};
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

describe('Registration over the loop network', () => {
  it('401 then 200: one Call-ID, CSeq + 1, Contact with expires, granted expires learned', async () => {
    const t = setup({ maxExpires: 600 });
    const p = t.r.register();
    await t.clock.run(1000);
    const state = await p;
    expect(state.state).toBe('registered');
    const regs = t.registers();
    expect(regs).toHaveLength(2);
    expect(regs[0]!.requestUri).toBe('sip:example.com');
    expect(regs[0]!.header('authorization')).toBeUndefined();
    expect(regs[1]!.header('authorization')).toMatch(/^Digest username="alice", realm="example.com"/);
    expect(regs[1]!.callId).toBe(regs[0]!.callId);
    expect(regs[1]!.cseq!.seq).toBe(regs[0]!.cseq!.seq + 1);
    expect(regs[0]!.via![0]!.branch).not.toBe(regs[1]!.via![0]!.branch);
    expect(regs[0]!.header('contact')).toBe('<sip:alice@192.0.2.1:5060>;expires=3600');
    expect(formatAor(regs[0]!)).toEqual(['<sip:alice@example.com>', '<sip:alice@example.com>']);
    // The registrar capped the lifetime at 600 s: expiresAt follows the 2xx, not the request.
    expect(state.expiresAt).toBeGreaterThan(t.clock.now() + 598_000);
    expect(state.expiresAt).toBeLessThanOrEqual(t.clock.now() + 600_000);
    expect(state.bindings).toEqual([
      { uri: 'sip:alice@192.0.2.1:5060', expires: 600, q: undefined, instance: undefined, ours: true },
    ]);
    expect(t.states.map((s) => s.state)).toEqual(['registering', 'registered']);
  });

  it('refreshes at max(expires/2, expires - 30 s) with preemptive credentials (no new 401)', async () => {
    const t = setup({
      maxExpires: 600,
      auth: { realm: 'example.com', passwords: new Map([['alice', 'secret']]), nonceTtlMs: 7200_000 },
    });
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    const start = t.sent().at(-1)!.at;
    await t.clock.run(1200_000);
    const times = t.sent().map((x) => x.at);
    expect(times).toHaveLength(4);
    expect(times[2]! - start).toBeGreaterThanOrEqual(570_000);
    expect(times[2]! - start).toBeLessThan(571_000);
    const regs = t.registers();
    const nc = regs.slice(1).map((r) => /nc=([0-9a-f]{8})/.exec(r.header('authorization') ?? '')?.[1]);
    expect(nc).toEqual(['00000001', '00000002', '00000003']);
    expect(new Set(regs.map((r) => r.cseq!.seq)).size).toBe(4);
    expect(t.r.state.state).toBe('registered');
    expect(t.registrar.verifier).toBeDefined();
  });

  it('423 Interval Too Brief: asks again with Min-Expires and keeps it for refreshes', async () => {
    const t = setup({ minExpires: 1800 }, { expires: 60 });
    await Promise.all([t.r.register(), t.clock.run(2000)]);
    expect(t.r.state.state).toBe('registered');
    const contacts = t.registers().map((r) => r.header('contact'));
    expect(contacts).toEqual([
      '<sip:alice@192.0.2.1:5060>;expires=60',
      '<sip:alice@192.0.2.1:5060>;expires=60',
      '<sip:alice@192.0.2.1:5060>;expires=1800',
    ]);
    await t.clock.run(1800_000);
    expect(t.registers().at(-1)!.header('contact')).toBe('<sip:alice@192.0.2.1:5060>;expires=1800');
  });

  it('unregister sends expires=0 for our binding only; unregisterAll sends Contact: * and Expires: 0', async () => {
    const t = setup();
    const second = new Registration({ ...t.options, contact: 'sip:alice@192.0.2.1:5070' });
    closers.push(() => second.close());
    await Promise.all([t.r.register(), second.register(), t.clock.run(2000)]);
    expect(t.registrar.bindings('sip:alice@example.com')).toHaveLength(2);
    const u = t.r.unregister();
    await t.clock.run(1000);
    expect((await u).state).toBe('unregistered');
    expect(t.registers().at(-1)!.header('contact')).toBe('<sip:alice@192.0.2.1:5060>;expires=0');
    expect(t.r.state.bindings?.map((b) => [b.uri, b.ours])).toEqual([['sip:alice@192.0.2.1:5070', false]]);
    expect(t.registrar.bindings('sip:alice@example.com').map((c) => c.uri)).toMatchObject([{ port: 5070 }]);
    const a = t.r.unregisterAll();
    await t.clock.run(1000);
    await a;
    const last = t.registers().at(-1)!;
    expect(last.header('contact')).toBe('*');
    expect(last.header('expires')).toBe('0');
    expect(t.registrar.bindings('sip:alice@example.com')).toEqual([]);
    second.close();
    // No refresh after unregistering.
    const n = t.sent().length;
    await t.clock.run(7200_000);
    expect(t.sent().length).toBe(n);
  });

  it('fetches the current bindings with a REGISTER without Contact', async () => {
    const t = setup();
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    const f = t.r.fetchBindings();
    await t.clock.run(10_000);
    const bindings = await f;
    expect(t.registers().at(-1)!.hasHeader('contact')).toBe(false);
    expect(bindings.map((b) => [b.uri, b.ours])).toEqual([['sip:alice@192.0.2.1:5060', true]]);
    expect(bindings[0]!.expires).toBeGreaterThan(3580);
  });

  it('timeouts: retrying with RFC 5626 backoff (30 s base, jittered, capped at 1800 s), then recovery', async () => {
    const t = setup();
    t.network.link(t.phone, t.server).drop({ count: 1000 });
    void t.r.register();
    await t.clock.run(33_000);
    expect(t.r.state.state).toBe('retrying');
    expect(t.r.state.reason).toEqual({ kind: 'timeout' });
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const retryAt = t.r.retryingAt!;
      const failedAt = t.clock.now();
      waits.push((retryAt - failedAt) / 1000);
      await t.clock.run(retryAt - t.clock.now() + 33_000);
    }
    // Failure n waits between 50% and 100% of min(1800, 30 * 2^(n-1)).
    waits.forEach((w, i) => {
      const ceiling = Math.min(1800, 30 * 2 ** i);
      expect(w).toBeGreaterThanOrEqual(ceiling / 2 - 33);
      expect(w).toBeLessThanOrEqual(ceiling);
    });
    t.network.link(t.phone, t.server).clear();
    await t.clock.run(t.r.retryingAt! - t.clock.now() + 5000);
    expect(t.r.state.state).toBe('registered');
  });

  it('a permanent failure (403) is failed with its status and not retried', async () => {
    const t = setup({
      intercept: (tx) => createResponse(tx.request, 403),
    });
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    expect(t.r.state).toEqual({
      state: 'failed',
      reason: { kind: 'status', status: 403, phrase: 'Forbidden' },
    });
    const n = t.sent().length;
    await t.clock.run(3600_000);
    expect(t.sent().length).toBe(n);
  });

  it('a wrong password fails with an auth reason after two refusals', async () => {
    const t = setup({}, { credentials: { credentials: [{ username: 'alice', password: 'nope' }] } });
    await Promise.all([t.r.register(), t.clock.run(2000)]);
    expect(t.r.state).toEqual({ state: 'failed', reason: { kind: 'auth', code: 'rejected', status: 401 } });
    expect(t.registers()).toHaveLength(3);
  });

  it('a stale nonce at refresh time is answered without a failure', async () => {
    const t = setup({
      auth: {
        realm: 'example.com',
        passwords: new Map([['alice', 'secret']]),
        nonceTtlMs: 60_000,
        random: seededBytes(5),
      },
    });
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    await t.clock.run(3600_000);
    const regs = t.registers();
    // 401, 200, then the refresh: stale 401 and the answer with the new nonce.
    expect(regs).toHaveLength(4);
    expect(t.states.map((s) => s.state)).toEqual(['registering', 'registered', 'registered']);
    expect(/nonce="([^"]+)"/.exec(regs[3]!.header('authorization') ?? '')?.[1]).not.toBe(
      /nonce="([^"]+)"/.exec(regs[2]!.header('authorization') ?? '')?.[1],
    );
  });

  it('hours of refreshes over a link with 30% loss, duplicates and reordering', async () => {
    for (const seed of [1, 2, 3]) {
      const t = setup({ maxExpires: 300 }, { random: seededBytes(seed) });
      for (const [from, to] of [
        [t.phone, t.server],
        [t.server, t.phone],
      ] as const) {
        t.network
          .link(from, to)
          .drop({ probability: 0.3 })
          .duplicate({ probability: 0.2 })
          .reorder({ probability: 0.2 });
      }
      void t.r.register();
      await t.clock.run(3 * 3600_000);
      const seqs = t.registers().map((r) => r.cseq!.seq);
      // One REGISTER at a time: CSeq never goes back (retransmissions repeat it).
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThanOrEqual(seqs[i - 1]!);
      expect(new Set(t.registers().map((r) => r.callId)).size).toBe(1);
      expect(['registered', 'retrying']).toContain(t.r.state.state);
      // Lifetimes of 300 s refreshed at 270 s: about 40 refreshes in three hours.
      expect(new Set(seqs).size).toBeGreaterThan(35);
      t.network.link(t.phone, t.server).clear();
      t.network.link(t.server, t.phone).clear();
      await t.clock.run(3600_000);
      expect(t.r.state.state).toBe('registered');
      expect(t.registrar.bindings('sip:alice@example.com')).toHaveLength(1);
    }
  });

  it('survives loss: retransmissions carry the exchange through a lossy link', async () => {
    const t = setup();
    t.network.link(t.phone, t.server).drop({ count: 1 });
    t.network.link(t.server, t.phone).drop({ count: 1 });
    await Promise.all([t.r.register(), t.clock.run(10_000)]);
    expect(t.r.state.state).toBe('registered');
  });
});

describe('robustness', () => {
  it('logs neither the password nor a response hash, whatever happens', async () => {
    const lines: string[] = [];
    const log = (m: string, ...d: unknown[]) => lines.push([m, ...d.map((x) => JSON.stringify(x))].join(' '));
    const logger = { debug: log, info: log, warn: log, error: log };
    const t = setup(
      {},
      { credentials: { credentials: [{ username: 'alice', password: 'Wr0ng-Pa55' }] }, logger },
    );
    await Promise.all([t.r.register(), t.clock.run(2000)]);
    expect(t.r.state.state).toBe('failed');
    const hashes = t
      .registers()
      .flatMap((r) => /response="([0-9a-f]+)"/.exec(r.header('authorization') ?? '')?.[1] ?? []);
    expect(hashes.length).toBe(2);
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(text).not.toContain('Wr0ng-Pa55');
    for (const h of hashes) expect(text).not.toContain(h);
  });

  it('a throwing state listener does not stop refreshes; a throwing credential callback fails as auth', async () => {
    const t = setup({ maxExpires: 100 });
    t.r.stateChange.on(() => {
      throw new Error('listener bug');
    });
    await Promise.all([t.r.register(), t.clock.run(1000)]);
    await t.clock.run(200_000);
    expect(t.sent().length).toBe(4);
    expect(t.r.state.state).toBe('registered');
    const u = setup(
      {},
      {
        credentials: {
          ask: async () => {
            throw new Error('dialog closed');
          },
        },
      },
    );
    await Promise.all([u.r.register(), u.clock.run(1000)]);
    expect(u.r.state).toEqual({
      state: 'failed',
      reason: { kind: 'auth', code: 'no-credentials', status: 401 },
    });
  });
});

function formatAor(r: SipRequest): string[] {
  return [r.header('from')!.replace(/;tag=.*/, ''), r.header('to')!];
}
