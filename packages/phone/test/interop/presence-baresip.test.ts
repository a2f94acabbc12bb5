/**
 * Presence (RFC 3856, PIDF RFC 3863) against baresip 1.0's presence module on 127.0.0.1: our
 * Phone subscribes to its user from the buddy list and follows baresip going online and
 * offline (`presence_online`/`presence_offline` over ctrl_tcp), each state a NOTIFY with PIDF.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Phone } from '../../src/index.js';
import { startAlicePhone } from './harness/alice-phone.js';
import { BaresipIm } from './harness/baresip-im.js';
import { hasCommand } from './harness/peer-process.js';
import { nextEvent } from './harness/phone-events.js';
import { freePortBlock } from './harness/ports.js';

const have = hasCommand('baresip');
const skip = !have && process.env.CI !== 'true';

describe.skipIf(skip)('presence with baresip (127.0.0.1)', () => {
  let dir = '';
  let phone: Phone | undefined;
  let baresip: BaresipIm | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'twinkle-presence-baresip-'));
  });
  afterEach(async () => {
    await phone?.quit();
    phone = undefined;
    await baresip?.stop();
    baresip = undefined;
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('follows a buddy going online and offline', async () => {
    if (!have) throw new Error('baresip is not installed');
    const base = await freePortBlock(4);
    baresip = await BaresipIm.start({
      dir,
      basePort: base,
      user: 'bob',
      contact: '"Alice" <sip:alice@127.0.0.1>',
    });
    writeFileSync(join(dir, 'alice.bud'), `# name|sip_address|subscribe\nBob|sip:bob@127.0.0.1:${base}|y\n`);
    phone = await startAlicePhone({
      profile: { presPublishStartup: false },
      configDir: dir,
      media: { open: () => Promise.reject(new Error('no media in presence tests')) },
      quitTimeoutMs: 1500,
    });
    const p = phone;
    const online = nextEvent(p, 'presence', 5000, (e) => e.state === 'online');
    // Once subscribed (baresip's first NOTIFY says '?'), baresip goes online.
    await new Promise((r) => setTimeout(r, 500));
    await baresip.command('presence_online');
    expect(await online).toMatchObject({ profile: 'alice', buddy: 'Bob', uri: `sip:bob@127.0.0.1:${base}` });
    const offline = nextEvent(p, 'presence', 5000, (e) => e.state === 'offline');
    await baresip.command('presence_offline');
    await offline;
    expect(p.services.presence.buddies()).toMatchObject([{ name: 'Bob', state: 'offline' }]);
  });
});
