/**
 * Two profiles of one phone register with digest authentication to a
 * registrar made of a sip-core UserAgent (UDP on 127.0.0.1), each with its
 * own account; calls reach the profile they are addressed to; quit removes
 * both bindings.
 */
import { createUserAgent, DigestVerifier, type UserAgent } from '@twinkle/sip-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from './phone.test.util.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A registrar for example.test: digest-checked REGISTERs, each one logged as `user expires`. */
async function startRegistrar(): Promise<{ ua: UserAgent; port: number; log: string[] }> {
  const verifier = new DigestVerifier({
    realm: 'example.test',
    passwords: new Map([
      ['alice', 'alice-secret'],
      ['carol-auth', 'carol-secret'],
    ]),
  });
  const ua = await createUserAgent({ transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }] });
  const log: string[] = [];
  const bindings = new Map<string, string>();
  ua.handle('REGISTER', (tx) => {
    const v = verifier.verify(tx.request);
    if (!v.ok) {
      const headers = verifier.challenges().map((value) => ({ name: 'WWW-Authenticate', value }));
      tx.respond(ua.core.response(tx.request, 401, { headers }));
      return;
    }
    const to = tx.request.to?.uri;
    const user = to && 'user' in to ? (to.user ?? '?') : '?';
    const contact = tx.request.header('contact');
    if (contact === undefined) {
      log.push(`${user} query`); // RFC 3261 10.2.3: a REGISTER without Contact asks for the bindings
    } else {
      const expires = /;expires=(\d+)/.exec(contact)?.[1] ?? tx.request.header('expires') ?? '3600';
      log.push(`${user} ${expires}`);
      if (expires === '0') bindings.delete(user);
      else bindings.set(user, `${contact.replace(/;expires=\d+/, '')};expires=${expires}`);
    }
    const bound = bindings.get(user);
    const headers = bound === undefined ? [] : [{ name: 'Contact', value: bound }];
    tx.respond(ua.core.response(tx.request, 200, { headers }));
  });
  cleanup.push(() => ua.close());
  return { ua, port: ua.transport.localAddress('udp')!.port, log };
}

describe('profiles and registration', () => {
  it('registers two profiles with their own credentials, routes calls to each, and quit unregisters both', async () => {
    const registrar = await startRegistrar();
    const server = `127.0.0.1:${registrar.port}`;
    const common = {
      userDomain: 'example.test',
      registrar: server,
      registerAtStartup: true,
      registrationTime: 600,
    };
    const phone: TestPhone = await startPhone([
      testProfile('alice', { ...common, authPass: 'alice-secret' }),
      testProfile('carol', { ...common, authName: 'carol-auth', authPass: 'carol-secret' }),
    ]);
    let quit = false;
    cleanup.push(async () => {
      if (!quit) await phone.phone.quit();
    });
    const a = await phone.waitFor('registration', (e) => e.profile === 'alice' && e.state === 'registered');
    const c = await phone.waitFor('registration', (e) => e.profile === 'carol' && e.state === 'registered');
    expect(a.expires).toBeGreaterThan(590);
    expect(c.expires).toBeGreaterThan(590);
    expect(registrar.log.sort()).toEqual(['alice 600', 'carol 600']);

    // A call to carol's user reaches the carol profile; the active profile stays alice.
    const caller = await startPhone([testProfile('dave')]);
    cleanup.push(() => caller.phone.quit());
    await caller.phone.call(phone.uri('carol'));
    expect(await phone.waitFor('incoming-call')).toMatchObject({ profile: 'carol' });
    expect(phone.phone.activeProfile).toBe('alice');
    phone.phone.reject();
    await caller.waitFor('call-ended');

    // deregister / register again, as the console's commands do.
    await phone.phone.deregister('carol');
    expect(phone.events.at(-1)).toMatchObject({
      type: 'registration',
      profile: 'carol',
      state: 'unregistered',
    });
    await phone.phone.register('carol');
    expect(phone.events.at(-1)).toMatchObject({
      type: 'registration',
      profile: 'carol',
      state: 'registered',
    });
    expect(await phone.phone.fetchRegistrations('carol')).toHaveLength(1);
    expect(registrar.log.filter((l) => l.startsWith('carol'))).toEqual([
      'carol 600',
      'carol 0',
      'carol 600',
      'carol query',
    ]);
    expect(
      phone.events.filter(
        (e) => e.type === 'registration' && e.profile === 'carol' && e.state === 'registering',
      ),
    ).toHaveLength(2);

    phone.phone.selectProfile('carol');
    expect(phone.events.at(-1)).toEqual({ type: 'profile', profile: 'carol' });
    expect(() => phone.phone.selectProfile('nobody')).toThrow(/no active profile/);

    quit = true;
    const started = performance.now();
    await phone.phone.quit();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(registrar.log.slice(-2).sort()).toEqual(['alice 0', 'carol 0']);
  });

  it('reports a refused registration with its reason', async () => {
    const registrar = await startRegistrar();
    const phone = await startPhone([
      testProfile('alice', {
        userDomain: 'example.test',
        registrar: `127.0.0.1:${registrar.port}`,
        registerAtStartup: true,
        authPass: 'wrong',
      }),
    ]);
    cleanup.push(() => phone.phone.quit());
    const failed = await phone.waitFor('registration', (e) => e.state === 'failed' || e.state === 'retrying');
    expect(failed.reason).toBeDefined();
    expect(failed.status).toBe(401);
  });
});
