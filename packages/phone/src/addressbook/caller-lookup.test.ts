/** ab_lookup_name and ab_override_display on incoming calls between two phones on 127.0.0.1. */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../config/profile.js';
import { startPhone, type TestPhone, testProfile, testSettings } from '../engine/phone.test.util.js';
import { AddressBook } from './address-book.js';

const book = new AddressBook([
  { firstName: 'Carol', infix: '', lastName: 'Jones', sipAddress: 'carol@127.0.0.1', remark: '' },
  { firstName: 'Jan', infix: 'van der', lastName: 'Berg', sipAddress: '020-1234567', remark: '' },
]);

let dir: string;
const running: TestPhone[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinkle-lookup-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.phone.quit()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function incomingFrom(
  caller: string,
  callerChanges: Partial<Profile>,
  settings: { abLookupName?: boolean; abOverrideDisplay?: boolean },
  calleeChanges: Partial<Profile> = {},
): Promise<string> {
  const a = await startPhone([testProfile(caller, callerChanges)]);
  const b = await startPhone([testProfile('bob', calleeChanges)], {
    settings: testSettings(settings),
    addressBook: book,
    scripts: { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
  });
  running.push(a, b);
  await a.phone.call(b.uri('bob'));
  return (await b.waitFor('incoming-call')).from;
}

describe('the caller named from the address book', () => {
  it('replaces the display name (ab_override_display)', async () => {
    expect(await incomingFrom('carol', {}, {})).toBe('"Carol Jones" <sip:carol@127.0.0.1>');
  });

  it('a phone number matches after the profile cleans and converts it', async () => {
    const from = await incomingFrom(
      '+31201234567',
      { userDisplay: '' },
      {},
      { numberConversion: [{ pattern: '\\+31([0-9]*)', format: '0$1' }] },
    );
    expect(from).toBe('"Jan van der Berg" <sip:+31201234567@127.0.0.1>');
  });

  it('keeps a display name the caller sent when ab_override_display is off', async () => {
    expect(await incomingFrom('carol', {}, { abOverrideDisplay: false })).toContain('"Carol" <sip:carol@');
    expect(await incomingFrom('carol', { userDisplay: '' }, { abOverrideDisplay: false })).toContain(
      '"Carol Jones"',
    );
  });

  it('looks nothing up with ab_lookup_name off, and the script caller_name comes first', async () => {
    expect(await incomingFrom('carol', {}, { abLookupName: false })).toContain('"Carol" <sip:carol@');
    const script = join(dir, 'name.sh');
    await writeFile(script, '#!/bin/sh\necho caller_name=From the script\n');
    await chmod(script, 0o755);
    expect(await incomingFrom('carol', {}, {}, { scriptIncomingCall: script })).toContain(
      '"From the script"',
    );
  });
});
