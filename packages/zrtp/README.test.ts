import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { MemorySecretCache, type SecureInfo, ZrtpSession } from './src/index.js';

it('README example: two endpoints in memory reach secure with the same SAS', () => {
  const random = (n: number) => new Uint8Array(randomBytes(n));
  const wire: { to: 'alice' | 'bob'; bytes: Uint8Array }[] = [];
  const secured: Record<string, SecureInfo> = {};

  const endpoint = (name: 'alice' | 'bob', peer: 'alice' | 'bob', ssrc: number) =>
    new ZrtpSession({
      cache: new MemorySecretCache(random(12)),
      ssrc,
      random,
      send: (bytes) => wire.push({ to: peer, bytes }),
      onEvent: (e) => {
        if (e.type === 'secure') secured[name] = e.info;
      },
    });

  const alice = endpoint('alice', 'bob', 0x1234);
  const bob = endpoint('bob', 'alice', 0x5678);

  let now = 0;
  alice.start(now);
  bob.start(now);
  while (alice.state !== 'secure' || bob.state !== 'secure') {
    now += 10;
    for (const { to, bytes } of wire.splice(0)) (to === 'alice' ? alice : bob).receive(bytes, now);
    alice.tick(now);
    bob.tick(now);
    if (now > 10_000) throw new Error('no agreement');
  }

  expect(secured.alice!.sas).toBe(secured.bob!.sas);
  expect(secured.alice!.sas).toMatch(/^[ybndrfg8ejkmcpqxot1uwisza345h769]{4}$/);
  expect(Buffer.from(secured.alice!.srtp.send.masterKey)).toEqual(
    Buffer.from(secured.bob!.srtp.receive.masterKey),
  );
});
