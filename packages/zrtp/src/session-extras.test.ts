import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from './bytes.js';
import { CACHE_FILE, FileSecretCache, MemorySecretCache } from './cache.js';
import { buildPacket, buildPing } from './message-build.js';
import { parsePacket } from './message-parse.js';
import { ZrtpSession } from './session.js';
import { seededRandom, VirtualCall } from './test-support.js';
import { helloMatchesZrtpHash, parseZrtpHash } from './zrtp-hash.js';

describe('Multistream mode (RFC 6189 section 4.4.3)', () => {
  it('keys a second stream from ZRTPSess without DH, with the same SAS and different SRTP keys', () => {
    const ca = new MemorySecretCache(seededRandom('msa')(12));
    const cb = new MemorySecretCache(seededRandom('msb')(12));
    const audio = new VirtualCall({ cache: ca }, { cache: cb });
    audio.run();
    const video = new VirtualCall(
      { cache: ca, seed: 'v1', multistream: audio.a.secure!.multistream },
      { cache: cb, seed: 'v2', multistream: audio.b.secure!.multistream },
    );
    video.run();
    expect(video.a.secure!.mode).toBe('multistream');
    expect(video.b.secure!.mode).toBe('multistream');
    expect(video.a.sent).not.toContain('DHPart2');
    expect(video.b.sent).not.toContain('DHPart1');
    expect(video.a.secure!.sas).toBe(audio.a.secure!.sas);
    expect(toHex(video.a.secure!.srtp.send.masterKey)).toBe(toHex(video.b.secure!.srtp.receive.masterKey));
    expect(toHex(video.a.secure!.srtp.send.masterKey)).not.toBe(toHex(audio.a.secure!.srtp.send.masterKey));
  });
});

describe('a=zrtp-hash (RFC 6189 section 8.1)', () => {
  it('accepts the Hello that matches the SDP hash and warns on one that does not', () => {
    const probeA = new VirtualCall({ seed: 'h1' }, { seed: 'h2' });
    const aHash = probeA.a.session.zrtpHash;
    expect(parseZrtpHash(aHash)?.version).toBe('1.10');
    expect(helloMatchesZrtpHash(probeA.a.session.hello, aHash)).toBe(true);
    const good = new VirtualCall({ seed: 'h1' }, { seed: 'h2', peerHelloHash: aHash });
    good.run();
    expect(good.b.events.some((e) => e.type === 'hello-hash-mismatch')).toBe(false);
    const bad = new VirtualCall({ seed: 'h1' }, { seed: 'h2', peerHelloHash: `1.10 ${'00'.repeat(32)}` });
    bad.run();
    expect(bad.b.events).toContainEqual({ type: 'hello-hash-mismatch' });
  });
});

describe('Ping (RFC 6189 section 5.15)', () => {
  it('answers Ping with PingACK echoing the endpoint hash and SSRC', () => {
    const out: Uint8Array[] = [];
    const s = new ZrtpSession({
      cache: new MemorySecretCache(seededRandom('p')(12)),
      ssrc: 5,
      random: seededRandom('p2'),
      send: (b) => out.push(b),
    });
    const hash = seededRandom('ph')(8);
    expect(s.receive(buildPacket(1, 0xabcdef, buildPing('1.10', hash)), 0).ok).toBe(true);
    const reply = parsePacket(out[0]!);
    expect(reply.ok && reply.value.message).toMatchObject({
      type: 'PingACK',
      receivedEndpointHash: hash,
      ssrc: 0xabcdef,
    });
    expect(s.receive(new Uint8Array(40), 0).ok).toBe(false);
  });
});

describe('FileSecretCache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zrtp-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the ZID and secrets across reopen, written with mode 0600', () => {
    const random = seededRandom('file');
    const c1 = FileSecretCache.open(dir, random);
    const peer = random(12);
    c1.set(peer, { rs1: random(32), rs2: random(32), verified: true });
    const path = join(dir, CACHE_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const c2 = FileSecretCache.open(dir, seededRandom('other'));
    expect(toHex(c2.zid)).toBe(toHex(c1.zid));
    expect(toHex(c2.get(peer)!.rs1!)).toBe(toHex(c1.get(peer)!.rs1!));
    expect(c2.get(peer)!.verified).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).zid).toBe(toHex(c1.zid));
  });

  it('forgets expired entries', () => {
    let now = 1000;
    const c = new MemorySecretCache(seededRandom('e')(12), () => now);
    const peer = seededRandom('e2')(12);
    c.set(peer, { rs1: new Uint8Array(32), verified: false, expiresAt: 2000 });
    expect(c.get(peer)).toBeDefined();
    now = 2000;
    expect(c.get(peer)).toBeUndefined();
  });

  it('two endpoints with file caches keep continuity across a restart', () => {
    const da = join(dir, 'a');
    const db = join(dir, 'b');
    const first = new VirtualCall(
      { cache: FileSecretCache.open(da, seededRandom('fa')) },
      { cache: FileSecretCache.open(db, seededRandom('fb')) },
    );
    first.run();
    const second = new VirtualCall(
      { cache: FileSecretCache.open(da, seededRandom('x')), seed: 'r1' },
      { cache: FileSecretCache.open(db, seededRandom('y')), seed: 'r2' },
    );
    second.run();
    expect(second.a.session.state).toBe('secure');
    expect(second.a.events.some((e) => e.type === 'cache-mismatch')).toBe(false);
    expect(toHex(second.a.cache.get(second.b.cache.zid)!.rs2!)).toBe(
      toHex(first.a.cache.get(first.b.cache.zid)!.rs1!),
    );
  });
});
