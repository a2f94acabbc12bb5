import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleAddressBook, nameParts, parseAddressbook } from './addressbook-command.js';

const opts = (o: Record<string, string | true>) => new Map(Object.entries(o));

describe('parseAddressbook', () => {
  it('reads each form', () => {
    expect(parseAddressbook(opts({}), [])).toEqual({
      ok: true,
      command: { name: 'addressbook', action: 'list' },
    });
    expect(parseAddressbook(opts({}), ['bob'])).toMatchObject({ ok: true, command: { search: 'bob' } });
    expect(parseAddressbook(opts({ a: true, r: 'golf' }), ['Bob Smith', 'bob@example.org'])).toEqual({
      ok: true,
      command: {
        name: 'addressbook',
        action: 'add',
        contact: 'Bob Smith',
        address: 'bob@example.org',
        remark: 'golf',
      },
    });
    expect(parseAddressbook(opts({ d: true }), ['Bob Smith'])).toMatchObject({
      ok: true,
      command: { action: 'delete' },
    });
    expect(parseAddressbook(opts({ i: 'c.vcf' }), [])).toMatchObject({
      ok: true,
      command: { action: 'import', file: 'c.vcf' },
    });
    expect(parseAddressbook(opts({ e: 'c.vcf', v: '3.0' }), [])).toMatchObject({
      ok: true,
      command: { action: 'export', version: '3.0' },
    });
  });

  it('refuses what does not go together', () => {
    expect(parseAddressbook(opts({ a: true, d: true }), ['x']).ok).toBe(false);
    expect(parseAddressbook(opts({ a: true }), ['only-name']).ok).toBe(false);
    expect(parseAddressbook(opts({ e: 'x', v: '2.1' }), []).ok).toBe(false);
    expect(parseAddressbook(opts({ r: 'x' }), []).ok).toBe(false);
  });

  it('splits names as Twinkle keeps them', () => {
    expect(nameParts('Jan van der Berg')).toEqual({ firstName: 'Jan', infix: 'van der', lastName: 'Berg' });
    expect(nameParts('Reception')).toEqual({ firstName: 'Reception', infix: '', lastName: '' });
  });
});

describe('ConsoleAddressBook', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twinkle-cab-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('adds, lists, resolves call NAME, deletes, and keeps twinkle.ab up to date', async () => {
    const { book } = await ConsoleAddressBook.open(dir);
    await book.run({ name: 'addressbook', action: 'add', contact: 'Bob Smith', address: 'bob@example.org' });
    await book.run({
      name: 'addressbook',
      action: 'add',
      contact: 'Bobby Tables',
      address: 'sip:bobby@x.test',
    });
    await book.run({
      name: 'addressbook',
      action: 'add',
      contact: 'Jan van der Berg',
      address: '020 1234567',
    });
    expect(await readFile(join(dir, 'twinkle.ab'), 'utf8')).toBe(
      '# first_name|infix_name|last_name|sip_address|remark\n' +
        'Bob||Smith|bob@example.org|\n' +
        'Bobby||Tables|sip:bobby@x.test|\n' +
        'Jan|van der|Berg|020 1234567|\n',
    );
    const list = await book.run({ name: 'addressbook', action: 'list', search: 'berg' });
    expect(list.message).toBe('Jan van der Berg  <020 1234567>');

    expect(book.resolveCall('jan')).toEqual({ ok: true, uri: '020 1234567', display: 'Jan van der Berg' });
    expect(book.resolveCall('bob smith')).toEqual({ ok: true, uri: 'bob@example.org', display: 'Bob Smith' });
    const ambiguous = book.resolveCall('bob');
    expect(ambiguous.ok).toBe(false);
    expect(!ambiguous.ok && ambiguous.message).toContain(
      'Bob Smith <bob@example.org>, Bobby Tables <sip:bobby@x.test>',
    );
    // Addresses and unknown names are called as typed.
    expect(book.resolveCall('sip:bob')).toEqual({ ok: true, uri: 'sip:bob' });
    expect(book.resolveCall('carol')).toEqual({ ok: true, uri: 'carol' });
    expect(book.resolveCall('0201234567')).toEqual({ ok: true, uri: '0201234567' });

    expect((await book.run({ name: 'addressbook', action: 'delete', contact: 'bobby tables' })).ok).toBe(
      true,
    );
    expect((await book.run({ name: 'addressbook', action: 'delete', contact: 'nobody' })).ok).toBe(false);
    const again = await ConsoleAddressBook.open(dir);
    expect(again.book.book.cards.map((c) => c.firstName)).toEqual(['Bob', 'Jan']);
  });

  it('imports and exports vCard files', async () => {
    const { book } = await ConsoleAddressBook.open(dir);
    const vcf = join(dir, 'in.vcf');
    await writeFile(
      vcf,
      'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Jones;Carol;;;\r\nTEL;TYPE=CELL:+44 7700 900123\r\nEND:VCARD\r\n',
    );
    const r = await book.run({ name: 'addressbook', action: 'import', file: vcf });
    expect(r).toMatchObject({ ok: true, data: { added: 1, contacts: 1 } });
    const out = join(dir, 'out.vcf');
    const e = await book.run({ name: 'addressbook', action: 'export', file: out, version: '3.0' });
    expect(e).toMatchObject({ ok: true, data: { contacts: 1 } });
    const text = await readFile(out, 'utf8');
    expect(text).toContain('VERSION:3.0\r\nN:Jones;Carol;;;\r\nFN:Carol Jones\r\nTEL:+44 7700 900123\r\n');
    expect(
      (await book.run({ name: 'addressbook', action: 'import', file: join(dir, 'missing.vcf') })).ok,
    ).toBe(false);
  });
});
