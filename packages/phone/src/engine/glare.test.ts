/**
 * Glare on hold between two phones on 127.0.0.1: both hold at the same time, the
 * re-INVITEs cross, each side answers 491 and retries after the RFC 3261 14.1 wait
 * (2.1-4 s for the owner of the Call-ID, 0-2 s for the other), and each retry still holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from './phone.test.util.js';

const running: TestPhone[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.phone.quit()));
});

describe('glare on hold (RFC 3261 14.1)', () => {
  it('both sides hold at once: 491 both ways, both retries succeed, both calls held', async () => {
    const a = await startPhone([testProfile('alice')]);
    const b = await startPhone([{ ...testProfile('bob'), services: { dnd: false, autoAnswer: true } }]);
    running.push(a, b);
    await a.phone.call(b.uri('bob'));
    await a.waitFor('call-state', (e) => e.state === 'answered');
    await b.waitFor('call-state', (e) => e.state === 'answered');
    const t0 = Date.now();
    let tookA = 0;
    let tookB = 0;
    await Promise.all([
      a.phone.hold().then(() => {
        tookA = Date.now() - t0;
      }),
      b.phone.hold().then(() => {
        tookB = Date.now() - t0;
      }),
    ]);
    const took = Math.max(tookA, tookB);
    expect(a.phone.callOn(1)?.state).toBe('held');
    expect(b.phone.callOn(1)?.state).toBe('held');
    // Each hold offer that finally went through said so (sendonly, or inactive once held by the other).
    const last = (p: TestPhone) => p.media.ports[0]!.applied.at(-1)!;
    expect(last(a).localHold).toBe(true);
    expect(last(b).localHold).toBe(true);
    // The callee (not the Call-ID owner) retried within 0-2 s; the caller (owner) after 2.1-4 s.
    expect(tookB).toBeLessThan(2100);
    expect(tookA).toBeGreaterThanOrEqual(2100);
    expect(took).toBeLessThan(4500);
    // Retrieve afterwards, one side after the other: a re-INVITE waits until the last one is
    // ACKed (RFC 3261 14.1 lets no new one start while one is open).
    const settle = () => new Promise((r) => setTimeout(r, 300));
    await settle();
    await a.phone.retrieve();
    await settle();
    await b.phone.retrieve();
    await settle();
    expect(a.phone.callOn(1)?.state).toBe('answered');
    expect(b.phone.callOn(1)?.state).toBe('answered');
    expect(last(a).localHold).toBe(false);
    expect(last(b).localHold).toBe(false);
  }, 15_000);
});
