/** The console with an address book: `addressbook` lines and `call NAME`, on the recording fake phone. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../console/console-session.js';
import { FakePhone } from '../console/fake-phone.test-util.js';
import { ConsoleAddressBook } from './addressbook-command.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinkle-abc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function console_() {
  const phone = new FakePhone();
  const out: string[] = [];
  const { book } = await ConsoleAddressBook.open(dir);
  const s = new ConsoleSession({
    phone,
    json: false,
    out: (t) => out.push(t),
    services: new Map(),
    addressBook: book,
  });
  return { s, phone, out };
}

describe('addressbook on the console', () => {
  it('adds contacts, lists them, and call NAME dials the contact with its name', async () => {
    const { s, phone, out } = await console_();
    expect((await s.run('addressbook -r work -a "Jan van der Berg" 0201234567'))?.ok).toBe(true);
    expect((await s.run('addressbook -a Carol carol@example.org'))?.ok).toBe(true);
    expect(await readFile(join(dir, 'twinkle.ab'), 'utf8')).toContain('Jan|van der|Berg|0201234567|work\n');
    out.length = 0;
    await s.run('addressbook');
    expect(out.join('\n')).toContain('Jan van der Berg  <0201234567>  work');
    await s.run('call jan');
    await s.run('call -d Boss carol');
    await s.run('call bob');
    expect(phone.calls).toEqual([
      'call 0201234567 {"display":"Jan van der Berg"}',
      'call carol@example.org {"display":"Boss"}',
      'call bob {}',
    ]);
  });

  it('an ambiguous name is refused with the candidates; a syntax error shows the usage', async () => {
    const { s, phone } = await console_();
    await s.run('addressbook -a "Bob Smith" bob@example.org');
    await s.run('addressbook -a "Bobby Tables" bobby@example.org');
    const r = await s.run('call bob');
    expect(r?.ok).toBe(false);
    expect(r?.message).toContain('Bob Smith <bob@example.org>');
    expect(phone.calls).toEqual([]);
    expect((await s.run('addressbook -a onlyname'))?.ok).toBe(false);
  });
});

describe('the incoming-call script messages on the console', () => {
  it('are printed under the caller', async () => {
    const { formatEvent } = await import('../console/format-event.js');
    const text = formatEvent({
      type: 'incoming-call',
      line: 1,
      profile: 'bob',
      from: '"Jan" <sip:jan@x>',
      to: '<sip:bob@x>',
      waiting: false,
      messages: ['Customer: Acme', 'Note: ticket 4711'],
    } as never);
    expect(text).toContain(
      'From:    "Jan" <sip:jan@x>\nTo:      <sip:bob@x>\n         Customer: Acme\n         Note: ticket 4711',
    );
  });
});

describe('a call turned away before it rang, on the console', () => {
  it('says who, where to and why', async () => {
    const { formatEvent } = await import('../console/format-event.js');
    const e = { type: 'call-refused', profile: 'bob', from: '"M" <sip:m@x>', status: 603, reason: 'script' };
    expect(formatEvent(e as never)).toBe('Call from "M" <sip:m@x> refused (603, script)');
    expect(formatEvent({ ...e, status: 302, reason: 'forwarded', contacts: ['<sip:desk@x>'] } as never)).toBe(
      'Call from "M" <sip:m@x> refused to <sip:desk@x> (302, forwarded)',
    );
  });
});
