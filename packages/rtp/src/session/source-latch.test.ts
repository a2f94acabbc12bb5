import { describe, expect, it } from 'vitest';
import { SourceLatch } from './source-latch.js';

const peer = { address: '192.0.2.10', port: 4000 };
const nat = { address: '198.51.100.7', port: 61000 };
const attacker = { address: '203.0.113.66', port: 5000 };

describe('SourceLatch', () => {
  it('accepts everything until two in-sequence packets latch one source', () => {
    const l = new SourceLatch();
    expect(l.consider(nat, 1, 10, 0)).toBe('accept');
    expect(l.consider(attacker, 9, 500, 1)).toBe('accept');
    // The attacker's packet broke the run; nat needs two fresh in-sequence packets.
    expect(l.consider(nat, 1, 11, 2)).toBe('accept');
    expect(l.consider(nat, 1, 12, 3)).toBe('latched');
    expect(l.latched).toEqual({ from: nat, ssrc: 1 });
  });

  it('does not let another address steal the stream once latched, whatever it sends', () => {
    const l = new SourceLatch();
    l.consider(nat, 1, 10, 0);
    l.consider(nat, 1, 11, 20);
    for (let i = 0; i < 10; i++) expect(l.consider(attacker, 1, 12 + i, 40 + i * 20)).toBe('reject');
    for (let i = 0; i < 10; i++) expect(l.consider(attacker, 77, 100 + i, 40 + i * 20)).toBe('reject');
    expect(l.consider(nat, 1, 12, 300)).toBe('accept');
    expect(l.latched?.from).toEqual(nat);
  });

  it('lets a new SSRC from a new address take over only after the latched source fell silent', () => {
    const l = new SourceLatch({ relatchAfterMs: 2000 });
    l.consider(nat, 1, 10, 0);
    l.consider(nat, 1, 11, 20);
    // Same SSRC from a new address never relatches, even after the timeout.
    expect(l.consider(peer, 1, 12, 5000)).toBe('reject');
    expect(l.consider(peer, 1, 13, 5020)).toBe('reject');
    // A new SSRC after the timeout must pass probation too.
    expect(l.consider(peer, 2, 100, 5040)).toBe('reject');
    expect(l.consider(peer, 2, 101, 5060)).toBe('latched');
    expect(l.latched).toEqual({ from: peer, ssrc: 2 });
  });

  it('accepts a new SSRC from the latched address and relatches on request', () => {
    const l = new SourceLatch({ packets: 1 });
    expect(l.consider(nat, 1, 10, 0)).toBe('latched');
    expect(l.consider(nat, 5, 900, 10)).toBe('accept');
    expect(l.latched?.ssrc).toBe(5);
    l.relatch();
    expect(l.consider(peer, 6, 1, 20)).toBe('latched');
  });

  it('accepts RTCP from the latched host on any port', () => {
    const l = new SourceLatch({ packets: 1 });
    l.consider(nat, 1, 10, 0);
    expect(l.acceptsControlFrom({ address: nat.address, port: 61001 })).toBe(true);
    expect(l.acceptsControlFrom(attacker)).toBe(false);
  });

  it('does nothing when disabled', () => {
    const l = new SourceLatch({ enabled: false });
    expect(l.consider(nat, 1, 1, 0)).toBe('accept');
    expect(l.consider(nat, 1, 2, 0)).toBe('accept');
    expect(l.latched).toBeUndefined();
  });
});
