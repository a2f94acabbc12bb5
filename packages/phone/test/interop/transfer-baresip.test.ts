/**
 * Call transfer with baresip 1.0.0 (Debian's package) as one of the three parties, on
 * 127.0.0.1: baresip as the transferee of our blind REFER, baresip transferring a call of
 * ours (we are the transferee), and an attended transfer whose target is baresip (it does
 * not say Supported: replaces, so we fall back to a consultation transfer: the consultation
 * call ends and the other party is referred to baresip).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Baresip, findBaresip } from './harness/baresip.js';
import { freePortBlock } from './harness/ports.js';
import { type Party, startParty } from './harness/transfer-parties.js';

const SPEECH = fileURLToPath(new URL('../../fixtures/interop/speech_8k.wav', import.meta.url));
const program = findBaresip();
// Missing baresip skips on a developer machine and fails in CI (.ci/apt-packages.txt lists it).
const skip = program === undefined && process.env.CI !== 'true';

describe.skipIf(skip)('transfer interop with baresip', () => {
  let dir = '';
  let baresip: Baresip | undefined;
  let baresipUri = '';
  const parties: Party[] = [];

  beforeEach(async () => {
    if (program === undefined) throw new Error('baresip is not installed (Debian package baresip)');
    dir = mkdtempSync(join(tmpdir(), 'twinkle-xfer-baresip-'));
    const sip = await freePortBlock(3);
    const rtp = await freePortBlock(20);
    baresip = await Baresip.start(program, {
      dir,
      sipPort: sip,
      ctrlPort: sip + 2,
      rtpPort: rtp,
      microphone: SPEECH,
      user: 'bs',
    });
    baresipUri = `sip:bs@127.0.0.1:${sip}`;
  });

  afterEach(async () => {
    await Promise.all(parties.splice(0).map((p) => p.phone.quit()));
    await baresip?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function party(name: string, autoAnswer: boolean): Promise<Party> {
    const p = await startParty(name, autoAnswer);
    parties.push(p);
    return p;
  }

  it('blind: we refer baresip to carol; baresip calls carol, our call ends', async () => {
    const alice = await party('alice', false);
    const carol = await party('carol', true);
    await alice.phone.call(baresipUri);
    await alice.waitFor('call-state', (e) => e.state === 'answered');
    await alice.phone.transfer(carol.uri);
    expect(await alice.waitFor('transfer', (e) => e.state === 'requested')).toMatchObject({ mode: 'blind' });
    const incoming = await carol.waitFor('incoming-call');
    expect(incoming.from).toContain('bs@127.0.0.1');
    await carol.waitFor('call-state', (e) => e.state === 'answered');
    expect(await alice.waitFor('transfer', (e) => e.state === 'succeeded')).toMatchObject({ status: 200 });
    await alice.waitFor('call-ended', (e) => e.line === 1);
    expect(alice.phone.callOn(1)).toBeUndefined();
    expect(carol.phone.callOn(1)?.answered).toBe(true);
  });

  it('baresip transfers its call with bob to carol: bob accepts the REFER, calls carol, reports 200', async () => {
    const bob = await party('bob', true);
    const carol = await party('carol', true);
    const reply = await baresip!.command('dial', bob.uri);
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    await bob.waitFor('call-state', (e) => e.state === 'answered');
    await baresip!.waitFor((log) => /established/i.test(log), 5000, 'call established');
    const t = await baresip!.command('transfer', carol.uri);
    expect(t.ok, JSON.stringify(t)).toBe(true);
    expect(await bob.waitFor('transfer', (e) => e.state === 'accepted')).toMatchObject({
      role: 'referee',
      target: carol.uri,
    });
    await carol.waitFor('call-state', (e) => e.state === 'answered');
    await bob.waitFor('transfer', (e) => e.state === 'succeeded');
    // The original call with baresip ends (baresip hangs up on the final NOTIFY, or we do).
    await bob.waitFor('call-ended', (e) => e.line === 1);
    expect(bob.phone.callOn(1)?.peer).toBe(carol.uri);
    expect(carol.phone.callOn(1)?.peer).toBe('sip:bob@127.0.0.1');
    await baresip!.waitFor((log) => /transfer/i.test(log), 3000, 'transfer in its log');
  });

  it('attended to baresip, which lacks Replaces: consultation transfer, bob ends up with baresip', async () => {
    const alice = await party('alice', false);
    const bob = await party('bob', true);
    await alice.phone.call(bob.uri);
    await alice.waitFor('call-state', (e) => e.state === 'answered');
    await alice.phone.transfer(baresipUri, { consult: true });
    await alice.waitFor('transfer', (e) => e.state === 'consulting');
    await alice.waitFor('call-state', (e) => e.line === 2 && e.state === 'answered');
    await alice.phone.transfer(undefined, { consult: true });
    expect(await alice.waitFor('transfer', (e) => e.state === 'requested')).toMatchObject({
      line: 1,
      mode: 'consultation',
      target: baresipUri,
    });
    await alice.waitFor('call-ended', (e) => e.line === 2 && e.by === 'local');
    await bob.waitFor('transfer', (e) => e.state === 'succeeded');
    await alice.waitFor('transfer', (e) => e.state === 'succeeded');
    expect(bob.phone.callOn(1)?.peer).toBe(baresipUri);
    expect(bob.phone.callOn(1)?.answered).toBe(true);
  });
});
