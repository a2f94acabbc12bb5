// Presence of the Phone engine against a sip-core UserAgent on 127.0.0.1 as presence server:
// its notifier for the presence package (PIDF) and a PUBLISH handler keeping the ETag.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createResponse,
  createUserAgent,
  formatUri,
  type NotifierSubscription,
  SipRequest,
  type UserAgent,
} from '@twinkle/sip-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone, testProfile } from '../engine/phone.test.util.js';
import { formatBuddyList, parseBuddyList, readBuddyList, writeBuddyList } from './buddy-list.js';
import { basicState, formatPidf, PIDF_TYPE, parsePidf } from './pidf.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Server {
  readonly ua: UserAgent;
  readonly port: number;
  readonly subs: NotifierSubscription[];
  readonly publishes: SipRequest[];
  /** Presence of each user the server serves. */
  readonly state: Map<string, 'open' | 'closed'>;
}

async function presenceServer(
  options: { reject?: string[]; publishExpires?: number; forgetEtags?: boolean } = {},
): Promise<Server> {
  const subs: NotifierSubscription[] = [];
  const publishes: SipRequest[] = [];
  const state = new Map<string, 'open' | 'closed'>();
  let etag = 0;
  const ua = await createUserAgent({
    transports: [{ protocol: 'udp', address: '127.0.0.1', port: 0 }],
    aor: 'sip:presence@127.0.0.1',
    delegate: {
      onRegister: (tx) => {
        const contact = tx.request.header('contact') ?? '';
        tx.respond(createResponse(tx.request, 200, 'OK', { headers: { Contact: contact, Expires: '600' } }));
      },
      onPublish: (tx) => {
        publishes.push(tx.request);
        // A compositor that lost its state (restarted): every ETag is unknown (RFC 3903 4.4).
        if (options.forgetEtags && tx.request.header('sip-if-match') !== undefined) {
          tx.respond(createResponse(tx.request, 412, 'Conditional Request Failed'));
          return;
        }
        etag += 1;
        tx.respond(
          createResponse(tx.request, 200, 'OK', {
            headers: { 'SIP-ETag': `etag${etag}`, Expires: String(options.publishExpires ?? 60) },
          }),
        );
      },
    },
  });
  const userOf = (r: SipRequest) => /^sip:([^@]+)@/.exec(formatUri(r.uri!))?.[1] ?? '';
  ua.events.registerEventPackage({
    event: 'presence',
    accept: [PIDF_TYPE],
    authorize: (r) => (options.reject?.includes(userOf(r)) ? { reject: 403 } : 'active'),
    initialState: (sub) => {
      const user = userOf(sub.request);
      return {
        body: formatPidf(`sip:${user}@127.0.0.1`, state.get(user) ?? 'closed'),
        contentType: PIDF_TYPE,
      };
    },
    onSubscription: (s) => subs.push(s),
  });
  cleanups.push(() => ua.close());
  return { ua, port: ua.transport.localAddress('udp')!.port, subs, publishes, state };
}

async function phone(
  server: Server,
  changes: Parameters<typeof testProfile>[1] = {},
  configDir?: string,
): Promise<TestPhone> {
  const p = await startPhone(
    [testProfile('alice', { userDomain: `127.0.0.1:${server.port}`, presPublishStartup: false, ...changes })],
    {
      sipTimers: { t1: 50, t2: 400, t4: 500 },
      ...(configDir === undefined ? {} : { configDir }),
    },
  );
  cleanups.push(() => p.phone.quit());
  return p;
}

describe('buddy list file', () => {
  it('reads and writes Twinkle records with escapes', () => {
    const text =
      '# name|sip_address|subscribe\nBob|bob|y\nCarol \\| Co|sip:carol@example.com|n\n\\#1 fan|fan@example.org|y\nbroken line\n';
    const list = parseBuddyList(text);
    expect(list).toEqual([
      { name: 'Bob', address: 'bob', subscribe: true },
      { name: 'Carol | Co', address: 'sip:carol@example.com', subscribe: false },
      { name: '#1 fan', address: 'fan@example.org', subscribe: true },
    ]);
    expect(formatBuddyList(list)).toBe(text.replace('broken line\n', ''));
  });

  it('a missing file is an empty list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinkle-bud-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    expect(await readBuddyList(dir, 'alice')).toEqual([]);
    await writeBuddyList(dir, 'alice', [{ name: 'Bob', address: 'bob', subscribe: true }]);
    expect(readFileSync(join(dir, 'alice.bud'), 'utf8')).toBe('# name|sip_address|subscribe\nBob|bob|y\n');
  });
});

describe('PIDF', () => {
  it('reads tuples, notes and prefixes; writes one tuple', () => {
    const doc = parsePidf(
      '<?xml version="1.0"?><p:presence xmlns:p="urn:ietf:params:xml:ns:pidf" entity="pres:bob@example.com">' +
        '<p:tuple id="a"><p:status><p:basic>closed</p:basic></p:status></p:tuple>' +
        '<p:tuple id="b"><p:status><p:basic>open</p:basic></p:status><p:contact>sip:bob@pc</p:contact><p:note>At lunch &amp; back soon</p:note></p:tuple>' +
        '<p:note>overall</p:note></p:presence>',
    );
    expect(doc).toEqual({
      entity: 'pres:bob@example.com',
      tuples: [
        { id: 'a', basic: 'closed' },
        { id: 'b', basic: 'open', contact: 'sip:bob@pc', note: 'At lunch & back soon' },
      ],
      notes: ['overall'],
    });
    expect(basicState(doc!)).toBe('open');
    const ours = parsePidf(formatPidf('sip:alice@example.com', 'closed', { note: '<away>' }));
    expect(ours).toMatchObject({
      entity: 'sip:alice@example.com',
      tuples: [{ basic: 'closed', note: '<away>' }],
    });
    expect(parsePidf('not xml')).toBeUndefined();
  });
});

describe('buddies presence (SUBSCRIBE presence, RFC 3856)', () => {
  it('subscribes to the buddies of <profile>.bud and follows their state', async () => {
    const server = await presenceServer();
    server.state.set('bob', 'open');
    const dir = mkdtempSync(join(tmpdir(), 'twinkle-bud-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'alice.bud'), '# name|sip_address|subscribe\nBob|bob|y\nCarol|carol|n\n');
    const t = await phone(server, { presSubscriptionTime: 120 }, dir);
    expect(await t.waitFor('presence', (e) => e.buddy === 'Bob')).toMatchObject({
      profile: 'alice',
      uri: `sip:bob@127.0.0.1:${server.port}`,
      state: 'online',
    });
    expect(server.subs).toHaveLength(1); // Carol says n
    expect(server.subs[0]!.request.header('expires')?.trim()).toBe('120');
    server.subs[0]!.notify({
      body: formatPidf('sip:bob@127.0.0.1', 'closed', { note: 'gone home' }),
      contentType: PIDF_TYPE,
    });
    await t.waitFor('presence', (e) => e.state === 'offline' && e.note === 'gone home');
    expect(t.phone.services.presence.buddies()).toEqual([
      {
        profile: 'alice',
        name: 'Bob',
        uri: `sip:bob@127.0.0.1:${server.port}`,
        subscribe: true,
        state: 'offline',
        note: 'gone home',
      },
      {
        profile: 'alice',
        name: 'Carol',
        uri: `sip:carol@127.0.0.1:${server.port}`,
        subscribe: false,
        state: 'unknown',
      },
    ]);
    const requests: string[] = [];
    server.ua.transport.onMessage((m) => {
      if (m.message instanceof SipRequest)
        requests.push(`${m.message.method} ${m.message.header('expires')?.trim()}`);
    });
    await t.phone.quit();
    expect(requests).toContain('SUBSCRIBE 0');
  });

  it('a refused subscription shows the buddy as rejected', async () => {
    const server = await presenceServer({ reject: ['dave'] });
    const t = await phone(server);
    t.phone.services.presence.setBuddies('alice', [{ name: 'Dave', address: 'dave', subscribe: true }]);
    t.phone.services.presence.start('alice');
    expect(await t.waitFor('presence', (e) => e.buddy === 'Dave')).toMatchObject({ state: 'rejected' });
  });
});

describe('editing the buddy list', () => {
  it('addBuddy saves <profile>.bud and subscribes; removeBuddy unsubscribes and saves', async () => {
    const server = await presenceServer();
    server.state.set('erin', 'open');
    const dir = mkdtempSync(join(tmpdir(), 'twinkle-bud-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const t = await phone(server, {}, dir);
    const presence = t.phone.services.presence;
    await presence.addBuddy({ name: 'Erin', address: 'erin', subscribe: true });
    expect(readFileSync(join(dir, 'alice.bud'), 'utf8')).toBe('# name|sip_address|subscribe\nErin|erin|y\n');
    expect(await t.waitFor('presence', (e) => e.buddy === 'Erin')).toMatchObject({ state: 'online' });
    await expect(presence.addBuddy({ name: 'Bad', address: 'sip:', subscribe: true })).rejects.toMatchObject({
      code: 'bad-argument',
    });
    const ended = new Promise((r) => server.subs[0]!.ended.once(r));
    expect(await presence.removeBuddy('Erin')).toBe(true);
    expect(await presence.removeBuddy('Erin')).toBe(false);
    expect(readFileSync(join(dir, 'alice.bud'), 'utf8')).toBe('# name|sip_address|subscribe\n');
    expect(presence.buddies()).toEqual([]);
    await ended;
  });
});

describe('own presence (PUBLISH, RFC 3903)', () => {
  it('publishes online once registered, refreshes with SIP-If-Match, publishes offline, removes it at quit', async () => {
    const server = await presenceServer({ publishExpires: 2 });
    const t = await phone(server, {
      presPublishStartup: true,
      presPublicationTime: 60,
      registrar: `127.0.0.1:${server.port}`,
      registerAtStartup: true,
    });
    await t.waitFor('registration', (e) => e.state === 'registered');
    expect(await t.waitFor('presence-published')).toMatchObject({
      profile: 'alice',
      state: 'online',
      status: 200,
    });
    const first = server.publishes[0]!;
    expect(formatUri(first.uri!)).toBe(`sip:alice@127.0.0.1:${server.port}`);
    expect(first.header('event')).toBe('presence');
    expect(first.header('expires')).toBe('60');
    expect(first.header('sip-if-match')).toBeUndefined();
    expect(basicState(parsePidf(first.body)!)).toBe('open');
    // The server granted 2 s: the refresh comes after 1 s, without a body.
    const deadline = Date.now() + 5000;
    while (server.publishes.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const refresh = server.publishes[1]!;
    expect(refresh.header('sip-if-match')).toBe('etag1');
    expect(refresh.body.length).toBe(0);
    expect(await t.phone.services.presence.publish('offline')).toMatchObject({ status: 200 });
    // Each request names the ETag of the one answered before it (the server counts them).
    const off = server.publishes.findIndex(
      (r) => r.body.length > 0 && basicState(parsePidf(r.body)!) === 'closed',
    );
    expect(off).toBeGreaterThan(1);
    expect(server.publishes[off]!.header('sip-if-match')).toBe(`etag${off}`);
    expect(t.phone.services.presence.ownState()).toBe('offline');
    await t.phone.quit();
    const last = server.publishes.length - 1;
    const removal = server.publishes[last]!;
    expect(removal.header('expires')).toBe('0');
    expect(removal.header('sip-if-match')).toBe(`etag${last}`);
  });

  it('a refresh answered 412 publishes the state afresh (RFC 3903 4.4)', async () => {
    const server = await presenceServer({ publishExpires: 2, forgetEtags: true });
    const t = await phone(server);
    expect(await t.phone.services.presence.publish('online')).toMatchObject({ status: 200 });
    const deadline = Date.now() + 5000;
    while (server.publishes.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const [first, refresh, again] = server.publishes;
    expect(first!.header('sip-if-match')).toBeUndefined();
    expect(refresh!.header('sip-if-match')).toBe('etag1');
    expect(refresh!.body.length).toBe(0);
    expect(again!.header('sip-if-match')).toBeUndefined();
    expect(basicState(parsePidf(again!.body)!)).toBe('open');
  });

  it('publishes nothing by itself without a registration', async () => {
    const server = await presenceServer();
    await phone(server, { presPublishStartup: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(server.publishes).toHaveLength(0);
  });
});
