import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.js';
import { MemorySecretCache } from './cache.js';
import { ZrtpErrorCode } from './message-types.js';
import { rewriteMessage, seededRandom, VirtualCall } from './test-support.js';

const errors = (events: readonly { type: string }[]) =>
  events.filter(
    (e): e is { type: 'error'; code: number; direction: 'sent' | 'received' } => e.type === 'error',
  );

describe('loss and retransmission (RFC 6189 section 6)', () => {
  it('retransmits Hello on T1: 50 ms doubling to 200 ms, then gives up after 20 retransmissions', () => {
    const call = new VirtualCall({}, {}, (from) => from === 'a');
    const times: number[] = [];
    const session = call.a.session;
    session.start(0);
    for (let i = 0; i < 30 && session.nextDeadline() !== undefined; i++) {
      const t = session.nextDeadline()!;
      times.push(t);
      session.tick(t);
    }
    expect(times.slice(0, 5)).toEqual([50, 150, 350, 550, 750]);
    expect(call.a.sent.filter((t) => t === 'Hello')).toHaveLength(21);
    expect(session.state).toBe('failed');
    expect(call.a.events).toContainEqual({ type: 'failed', reason: 'no-peer' });
  });

  it('survives the loss of the first copy of every message type', () => {
    const seen = new Set<string>();
    const call = new VirtualCall({}, { initiate: false }, (from, type) => {
      const key = `${from}:${type}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    call.run();
    expect(call.a.secure?.sas).toBeDefined();
    expect(call.a.secure?.sas).toBe(call.b.secure?.sas);
    expect(toHex(call.a.secure!.srtp.send.masterKey)).toBe(toHex(call.b.secure!.srtp.receive.masterKey));
    // Commit, DHPart2 and Confirm2 were each sent at least twice.
    for (const t of ['Commit', 'DHPart2', 'Confirm2'] as const) {
      expect(call.a.sent.filter((x) => x === t).length).toBeGreaterThan(1);
    }
  });

  it('agrees under 30% random loss', () => {
    const rnd = seededRandom('loss');
    for (let run = 0; run < 5; run++) {
      const call = new VirtualCall({ seed: `l${run}a` }, { seed: `l${run}b` }, () => rnd(1)[0]! < 77);
      call.run();
      expect(call.a.session.state).toBe('secure');
      expect(call.b.session.state).toBe('secure');
      expect(call.a.secure!.sas).toBe(call.b.secure!.sas);
    }
  });

  it('resolves commit contention: both send Commit, the higher hvi initiates', () => {
    const call = new VirtualCall({ seed: 'c1' }, { seed: 'c2' });
    call.run();
    expect(call.a.sent).toContain('Commit');
    expect(call.b.sent).toContain('Commit');
    const initiator = call.a.secure!.role === 'initiator' ? call.a : call.b;
    const responder = initiator === call.a ? call.b : call.a;
    expect(responder.sent).toContain('DHPart1');
    expect(initiator.sent).toContain('DHPart2');
    expect(responder.sent).not.toContain('DHPart2');
    expect(call.a.secure!.sas).toBe(call.b.secure!.sas);
  });
});

describe('retained secrets (RFC 6189 section 4.3 and 4.6.1)', () => {
  it('continues the cache on a second call: rs1 matches, the new rs1 is shared, the verified flag is carried', () => {
    const ca = new MemorySecretCache(seededRandom('za')(12));
    const cb = new MemorySecretCache(seededRandom('zb')(12));
    const first = new VirtualCall({ cache: ca, seed: 'f1' }, { cache: cb, seed: 'f2' });
    first.run();
    expect(first.a.secure!.sasVerified).toBe(false);
    const rs1 = ca.get(cb.zid)!.rs1!;
    expect(toHex(rs1)).toBe(toHex(cb.get(ca.zid)!.rs1!));
    first.a.session.confirmSas();
    first.b.session.confirmSas();
    const second = new VirtualCall({ cache: ca, seed: 's1' }, { cache: cb, seed: 's2' });
    second.run();
    expect(second.a.events.some((e) => e.type === 'cache-mismatch')).toBe(false);
    expect(second.a.secure!.sasVerified).toBe(true);
    expect(second.b.secure!.sasVerified).toBe(true);
    expect(toHex(ca.get(cb.zid)!.rs2!)).toBe(toHex(rs1));
    expect(toHex(ca.get(cb.zid)!.rs1!)).toBe(toHex(cb.get(ca.zid)!.rs1!));
    expect(toHex(ca.get(cb.zid)!.rs1!)).not.toBe(toHex(rs1));
    // resetSas clears the flag for the next call.
    second.a.session.resetSas();
    expect(ca.get(cb.zid)!.verified).toBe(false);
  });

  it('reports a cache mismatch when the peer lost (or never had) our shared secret', () => {
    const ca = new MemorySecretCache(seededRandom('ma')(12));
    const cb = new MemorySecretCache(seededRandom('mb')(12));
    new VirtualCall({ cache: ca }, { cache: cb }).run();
    ca.set(cb.zid, { ...ca.get(cb.zid)!, verified: true });
    // b's cache is replaced by unrelated secrets, as if someone else answered as b.
    cb.set(ca.zid, { rs1: seededRandom('other')(32), verified: false });
    const call = new VirtualCall({ cache: ca, seed: 'm1' }, { cache: cb, seed: 'm2' });
    call.run();
    expect(call.a.events).toContainEqual({ type: 'cache-mismatch', peerZid: cb.zid });
    expect(call.b.events).toContainEqual({ type: 'cache-mismatch', peerZid: ca.zid });
    expect(call.a.secure!.sasVerified).toBe(false);
    expect(ca.get(cb.zid)!.verified).toBe(false);
    expect(call.a.secure!.sas).toBe(call.b.secure!.sas);
  });
});

describe('cache expiration (RFC 6189 section 4.9)', () => {
  it('applies the shorter of the two intervals, and 0 retains nothing', () => {
    const clock = () => 1_000_000;
    const ca = new MemorySecretCache(seededRandom('xa')(12), clock);
    const cb = new MemorySecretCache(seededRandom('xb')(12), clock);
    new VirtualCall(
      { cache: ca, cacheExpiration: 3600, wallClock: clock },
      { cache: cb, wallClock: clock },
    ).run();
    expect(ca.get(cb.zid)!.expiresAt).toBe(1_000_000 + 3_600_000);
    expect(cb.get(ca.zid)!.expiresAt).toBe(1_000_000 + 3_600_000);
    const cc = new MemorySecretCache(seededRandom('xc')(12));
    const cd = new MemorySecretCache(seededRandom('xd')(12));
    const call = new VirtualCall({ cache: cc, cacheExpiration: 0 }, { cache: cd });
    call.run();
    expect(call.a.session.state).toBe('secure');
    expect(cc.get(cd.zid)).toBeUndefined();
    expect(cd.get(cc.zid)).toBeUndefined();
  });
});

describe('GoClear, Error and hostile input', () => {
  it('goes clear when both allow it (section 4.7.2)', () => {
    const call = new VirtualCall({ allowClear: true }, { allowClear: true });
    call.run();
    expect(call.a.secure!.peerAllowsClear).toBe(true);
    expect(call.a.session.goClear(call.now)).toBe(true);
    call.run();
    expect(call.a.session.state).toBe('clear');
    expect(call.b.session.state).toBe('clear');
    expect(call.b.events).toContainEqual({ type: 'clear' });
    expect(call.b.sent).toContain('ClearACK');
  });

  it('goes secure again after GoClear with a new exchange from discovery (rekey)', () => {
    const call = new VirtualCall({ allowClear: true }, { allowClear: true });
    call.run();
    const first = call.a.secure!;
    const firstHello = call.a.session.hello;
    expect(call.a.session.rekey(call.now)).toBe(false); // only from clear
    call.a.session.goClear(call.now);
    call.run();
    expect(call.b.session.state).toBe('clear');
    expect(call.a.session.rekey(call.now)).toBe(true);
    expect(call.a.session.state).toBe('discovery');
    call.run();
    // b answered a's new Hello with a new exchange of its own; both agree again.
    expect(call.a.session.state).toBe('secure');
    expect(call.b.session.state).toBe('secure');
    const again = call.a.secure!;
    expect(again).not.toBe(first);
    expect(again.sas).toBe(call.b.secure!.sas);
    expect(Buffer.from(again.srtp.send.masterKey)).toEqual(
      Buffer.from(call.b.secure!.srtp.receive.masterKey),
    );
    expect(Buffer.from(again.srtp.send.masterKey)).not.toEqual(Buffer.from(first.srtp.send.masterKey));
    // A new hash chain: a new Hello; the retained secret of the first exchange matched.
    expect(Buffer.from(call.a.session.hello)).not.toEqual(Buffer.from(firstHello));
    expect(call.a.events.some((e) => e.type === 'cache-mismatch')).toBe(false);
    expect(call.b.events.filter((e) => e.type === 'secure')).toHaveLength(2);
  });

  it('refuses GoClear when the peer does not allow it', () => {
    const call = new VirtualCall({ allowClear: true }, { allowClear: false });
    call.run();
    expect(call.a.session.goClear(call.now)).toBe(false);
    expect(call.a.session.state).toBe('secure');
  });

  it('answers a DHPart2 that does not match the Commit hvi with Error 0x62', () => {
    const call = new VirtualCall({}, { initiate: false }, undefined, 10, (_from, type, bytes) =>
      type === 'DHPart2'
        ? rewriteMessage(bytes, (m) => {
            m[m.length - 20]! ^= 1; // inside the public value
          })
        : bytes,
    );
    call.run();
    expect(errors(call.b.events)).toContainEqual({
      type: 'error',
      code: ZrtpErrorCode.HviMismatch,
      direction: 'sent',
    });
    expect(errors(call.a.events)).toContainEqual({
      type: 'error',
      code: ZrtpErrorCode.HviMismatch,
      direction: 'received',
    });
    expect(call.a.session.state).toBe('failed');
    expect(call.b.session.state).toBe('failed');
    expect(call.a.secure).toBeUndefined();
  });

  it('answers a Confirm1 with a bad MAC with Error 0x70', () => {
    const call = new VirtualCall({}, { initiate: false }, undefined, 10, (_from, type, bytes) =>
      type === 'Confirm1'
        ? rewriteMessage(bytes, (m) => {
            m[50]! ^= 0x80;
          })
        : bytes,
    );
    call.run();
    expect(errors(call.a.events)).toContainEqual({
      type: 'error',
      code: ZrtpErrorCode.BadConfirmMac,
      direction: 'sent',
    });
    expect(call.b.secure).toBeUndefined();
  });

  it('drops a Commit whose H2 does not hash to the Hello H3 (section 9)', () => {
    const call = new VirtualCall({}, { initiate: false }, undefined, 10, (_from, type, bytes) =>
      type === 'Commit'
        ? rewriteMessage(bytes, (m) => {
            m[12]! ^= 1;
          })
        : bytes,
    );
    call.run(20_000);
    expect(call.b.sent).not.toContain('DHPart1');
    expect(call.a.session.state).toBe('failed'); // Commit retransmissions ran out
  });

  it('rejects a Hello with an older version with Error 0x30', () => {
    const call = new VirtualCall({}, {}, undefined, 10, (_from, type, bytes) =>
      type === 'Hello'
        ? rewriteMessage(bytes, (m) => {
            m.set([0x31, 0x2e, 0x30, 0x30], 12); // "1.00"
          })
        : bytes,
    );
    call.run(2000);
    expect(errors(call.a.events).some((e) => e.code === ZrtpErrorCode.UnsupportedVersion)).toBe(true);
  });

  it('never throws on random packets in any state, and still completes', () => {
    const rnd = seededRandom('hostile');
    const call = new VirtualCall();
    const junk = () => {
      const n = 28 + (rnd(1)[0]! % 120);
      const b = rnd(n);
      b.set([0x10, 0, 0, 1, 0x5a, 0x52, 0x54, 0x50]);
      return b;
    };
    call.a.session.start(0);
    for (let i = 0; i < 200; i++) {
      expect(() => call.a.session.receive(junk(), 0)).not.toThrow();
      expect(() => call.b.session.receive(junk(), 0)).not.toThrow();
    }
    call.run();
    expect(call.a.session.state).toBe('secure');
    for (let i = 0; i < 200; i++) expect(() => call.a.session.receive(junk(), call.now)).not.toThrow();
    expect(call.a.session.state).toBe('secure');
  });
});
