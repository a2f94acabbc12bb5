/**
 * Attended transfer with Replaces where the transfer target is sipp (Debian's sip-tester),
 * on 127.0.0.1: alice (ours) talks to bob (ours), consults carol (sipp, which answers with
 * Supported: replaces), and completes with `transfer -c`: bob's INVITE to sipp carries
 * Replaces naming the alice-carol dialog (RFC 3891), sipp answers it, both of alice's calls
 * end, and sipp's two calls pass its scenario.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hasCommand } from './harness/peer-process.js';
import { freePortBlock } from './harness/ports.js';
import { Sipp } from './harness/sipp.js';
import { type Party, startParty } from './harness/transfer-parties.js';

const have = hasCommand('sipp');
// Missing sipp skips on a developer machine and fails in CI (.ci/apt-packages.txt lists sip-tester).
const skip = !have && process.env.CI !== 'true';
const SCENARIO = fileURLToPath(
  new URL('../../fixtures/interop/sipp/uas-transfer-target.xml', import.meta.url),
);

describe.skipIf(skip)('attended transfer interop with sipp as the target', () => {
  let dir = '';
  let sipp: Sipp | undefined;
  const parties: Party[] = [];

  afterEach(async () => {
    await Promise.all(parties.splice(0).map((p) => p.phone.quit()));
    await sipp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('bob replaces the consultation call at sipp; sipp takes him and the consultation ends', async () => {
    if (!have) throw new Error('sipp is not installed (Debian package sip-tester)');
    dir = mkdtempSync(join(tmpdir(), 'twinkle-xfer-sipp-'));
    const sipPort = await freePortBlock(1);
    const mediaPort = await freePortBlock(10);
    // Two calls: the consultation call, then the INVITE with Replaces.
    sipp = await Sipp.start({ dir, sipPort, mediaPort, scenario: { file: SCENARIO }, args: ['-m', '2'] });
    const carol = `sip:carol@127.0.0.1:${sipPort}`;
    const alice = await startParty('alice', false);
    const bob = await startParty('bob', true);
    parties.push(alice, bob);

    await alice.phone.call(bob.uri);
    await alice.waitFor('call-state', (e) => e.line === 1 && e.state === 'answered');
    await alice.phone.transfer(carol, { consult: true });
    await alice.waitFor('call-state', (e) => e.line === 2 && e.state === 'answered');
    await alice.phone.transfer(undefined, { consult: true });
    expect(await alice.waitFor('transfer', (e) => e.state === 'requested')).toMatchObject({
      line: 1,
      mode: 'attended',
    });
    await bob.waitFor('transfer', (e) => e.state === 'succeeded');
    await alice.waitFor('transfer', (e) => e.state === 'succeeded');
    await alice.waitFor('call-ended', (e) => e.line === 1);
    // sipp does not end the replaced dialog itself: alice hangs it up after a moment.
    await alice.waitFor('call-ended', (e) => e.line === 2);
    expect(bob.phone.callOn(1)?.answered).toBe(true);
    expect(bob.phone.callOn(1)?.peer).toContain(`carol@127.0.0.1:${sipPort}`); // its Contact

    // The Replaces of bob's INVITE names alice's consultation dialog (Call-ID and both tags).
    await sipp.waitForMessages((m) => /^Replaces:/im.test(m), 3000, 'INVITE with Replaces');
    const trace = sipp.messages();
    const replaces = /^Replaces:\s*([^;\r\n]+);([^\r\n]+)$/im.exec(trace);
    expect(replaces, trace).not.toBeNull();
    const firstCallId = /^Call-ID:\s*(\S+)/im.exec(trace)![1];
    expect(replaces![1]).toBe(firstCallId);
    expect(replaces![2]).toMatch(/to-tag=[^;]*SIPpTag01/);
    expect(replaces![2]).toMatch(/from-tag=/);

    await bob.phone.bye(1);
    expect(await sipp.exitCode(8000)).toBe(0);
    // Both calls ran to their end: two BYEs received and answered.
    expect(sipp.messages().match(/^BYE sip:/gm)?.length).toBe(2);
  });
});
