/**
 * Instant messages (RFC 3428) between our Phone and baresip 1.0 on 127.0.0.1: we send
 * MESSAGE (with a Subject and UTF-8 text) and baresip shows it; baresip's contact module sends
 * MESSAGE to us and we report it. Skipped without baresip on a developer machine, failing in
 * CI (.ci/apt-packages.txt lists baresip).
 */
import { mkdtempSync, rmSync } from 'node:fs';
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

describe.skipIf(skip)('MESSAGE with baresip (127.0.0.1)', () => {
  let dir = '';
  let phone: Phone | undefined;
  let baresip: BaresipIm | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'twinkle-im-baresip-'));
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

  async function start(): Promise<{ phone: Phone; baresip: BaresipIm; ourUri: string }> {
    if (!have) throw new Error('baresip is not installed');
    phone = await startAlicePhone({
      profile: { userDisplay: 'Alice' },
      media: { open: () => Promise.reject(new Error('no media in messaging tests')) },
      quitTimeoutMs: 1500,
    });
    const ourUri = `sip:alice@127.0.0.1:${phone.ua.transport.localAddress('udp')!.port}`;
    baresip = await BaresipIm.start({
      dir,
      basePort: await freePortBlock(4),
      user: 'bob',
      contact: `"Alice" <${ourUri}>`,
    });
    return { phone, baresip, ourUri };
  }

  it('we send, baresip shows the text', async () => {
    const { phone: p, baresip: b } = await start();
    const r = await p.services.messaging.send(`sip:bob@127.0.0.1:${b.sipPort}`, 'Grüße from Twinkle', {
      subject: 'hello',
    });
    expect(r.status).toBe(200);
    await b.waitForOutput((o) => o.includes('"Grüße from Twinkle"'), 3000, 'the message');
    expect(b.output()).toMatch(/sip:alice@127\.0\.0\.1: "Grüße from Twinkle"/);
  });

  it('baresip sends, we report the message', async () => {
    const { phone: p, baresip: b } = await start();
    const got = nextEvent(p, 'message', 5000);
    await b.message('hi from baresip');
    expect(await got).toMatchObject({
      type: 'message',
      profile: 'alice',
      fromUri: 'sip:bob@127.0.0.1',
      text: 'hi from baresip',
      contentType: expect.stringMatching(/^text\/plain/),
    });
  });
});
