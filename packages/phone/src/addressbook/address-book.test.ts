import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProfile } from '../config/profile.js';
import { AddressBook } from './address-book.js';
import { exportVcards, importVcards, loadAddressBook, saveAddressBook } from './address-book-file.js';
import { parseVcards } from './vcard.js';

const profile = {
  ...defaultProfile(),
  userName: 'alice',
  userDomain: 'example.com',
  // Twinkle's example: international numbers from the provider become national ones.
  numberConversion: [{ pattern: '\\+31([0-9]*)', format: '0$1' }],
};

const book = new AddressBook([
  { firstName: 'Jan', infix: 'van der', lastName: 'Berg', sipAddress: '020-123 4567', remark: '' },
  { firstName: 'Bob', infix: '', lastName: 'Smith', sipAddress: 'bob@example.org', remark: 'golf' },
  { firstName: 'Bobby', infix: '', lastName: 'Tables', sipAddress: 'sip:bobby@example.com', remark: '' },
  { firstName: 'Carol', infix: '', lastName: '', sipAddress: 'carol', remark: '' },
]);

describe('the caller name (ab_lookup_name)', () => {
  it('matches user and host, numbers cleaned and converted as the profile dials them', () => {
    expect(book.findName('sip:0201234567@example.com', profile)).toBe('Jan van der Berg');
    // The provider sends the number internationally: number_conversion makes it national first.
    expect(book.findName('sip:+31201234567@example.com;user=phone', profile)).toBe('Jan van der Berg');
    expect(book.findName('tel:+31-20-123-4567', profile)).toBe('Jan van der Berg');
    expect(book.findName('sip:bob@example.org', profile)).toBe('Bob Smith');
    expect(book.findName('sip:Bob@EXAMPLE.org', profile)).toBeUndefined(); // user parts are case-sensitive
    expect(book.findName('sip:carol@example.com', profile)).toBe('Carol');
    expect(book.findName('sip:carol@elsewhere.net', profile)).toBeUndefined();
    // Two phone numbers match whatever the hosts (Twinkle's user_host_match); SIP users do not.
    expect(book.findName('sip:0201234567@other.net', profile)).toBe('Jan van der Berg');
    expect(book.findName('sip:020-123-4567@other.net;user=phone', profile)).toBe('Jan van der Berg');
    expect(
      book.findName('sip:0201234567@other.net', { ...profile, removeSpecialPhoneSymbols: false }),
    ).toBeUndefined();
    expect(book.findName('not a uri', profile)).toBeUndefined();
  });
});

describe('call NAME', () => {
  it('finds exact names, then prefixes, then words, then parts', () => {
    expect(book.search('bob smith').map((c) => c.sipAddress)).toEqual(['bob@example.org']);
    expect(book.search('bob').map((c) => c.lastName)).toEqual(['Smith', 'Tables']);
    expect(book.search('berg').map((c) => c.firstName)).toEqual(['Jan']);
    expect(book.search('able').map((c) => c.firstName)).toEqual(['Bobby']);
    expect(book.search('zzz')).toEqual([]);
  });
});

describe('files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twinkle-ab-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a missing twinkle.ab is an empty book; saving writes Twinkle format with mode 0600', async () => {
    const { book: empty } = await loadAddressBook(dir);
    expect(empty.cards).toEqual([]);
    await saveAddressBook(dir, book);
    const text = await readFile(join(dir, 'twinkle.ab'), 'utf8');
    expect(text.split('\n')[0]).toBe('# first_name|infix_name|last_name|sip_address|remark');
    expect(text).toContain('Jan|van der|Berg|020-123 4567|\n');
    expect((await stat(join(dir, 'twinkle.ab'))).mode & 0o777).toBe(0o600);
    expect((await loadAddressBook(dir)).book.cards).toEqual(book.cards);
  });

  it('imports a vCard file (one card per address, photo kept) and exports it back', async () => {
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Jones;Carol;;;',
      'FN:Carol Jones',
      'TEL;TYPE=CELL:+44 7700 900123',
      'IMPP:sip:carol@example.org',
      `PHOTO;ENCODING=b;TYPE=JPEG:${photo.toString('base64')}`,
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Nobody',
      'EMAIL:nobody@example.org',
      'END:VCARD',
    ].join('\r\n');
    const b = new AddressBook();
    const r = await importVcards(dir, b, vcf);
    expect(r).toEqual({
      added: 2,
      contacts: 1,
      problems: ['Nobody: no SIP address or phone number, skipped'],
    });
    expect(b.cards).toEqual([
      { firstName: 'Carol', infix: '', lastName: 'Jones', sipAddress: '+44 7700 900123', remark: '' },
      { firstName: 'Carol', infix: '', lastName: 'Jones', sipAddress: 'carol@example.org', remark: '' },
    ]);
    expect(await readdir(join(dir, 'photos'))).toEqual(['Carol Jones.jpg']);
    // Importing again adds nothing.
    expect((await importVcards(dir, b, vcf)).added).toBe(0);

    const out = parseVcards(await exportVcards(dir, b, '4.0')).cards;
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ family: 'Jones', given: 'Carol', formatted: 'Carol Jones' });
    expect(out[0]!.addresses.map((a) => `${a.kind} ${a.value}`)).toEqual([
      // vCard 4.0 writes numbers as tel: URIs, without the visual spaces.
      'tel +447700900123',
      'sip sip:carol@example.org',
    ]);
    expect(Buffer.from(out[0]!.photo!.data!)).toEqual(photo);
  });

  it('a photo named after a hostile contact name stays inside photos/', async () => {
    const b = new AddressBook();
    await importVcards(
      dir,
      b,
      `BEGIN:VCARD\nVERSION:4.0\nN:;../../evil;;;\nTEL:1\nPHOTO:data:image/png;base64,iVBORw==\nEND:VCARD\n`,
    );
    expect(await readdir(join(dir, 'photos'))).toContain('__.._evil.png');
  });
});
