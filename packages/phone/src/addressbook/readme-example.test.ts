/** The address book example of the package README, run as written. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { defaultProfile } from '../config/profile.js';
import { exportVcards, importVcards, loadAddressBook, saveAddressBook } from './address-book-file.js';

it('README: import a vCard, name a caller, export', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'twinkle-readme-ab-'));
  try {
    const profile = {
      ...defaultProfile(),
      userDomain: 'example.com',
      numberConversion: [{ pattern: '\\+31([0-9]*)', format: '0$1' }],
    };
    const vcardText = 'BEGIN:VCARD\nVERSION:4.0\nN:Berg;Jan;van der;;\nTEL:020-1234567\nEND:VCARD\n';

    const { book } = await loadAddressBook(dir); // twinkle.ab; missing: empty
    await importVcards(dir, book, vcardText); // from KAddressBook, Evolution, a phone
    await saveAddressBook(dir, book);
    expect(book.findName('sip:+31201234567@example.com', profile)).toBe('Jan van der Berg');
    const vcf = await exportVcards(dir, book, '3.0');

    expect(vcf).toContain('N:Berg;Jan;van der;;');
    expect((await loadAddressBook(dir)).book.cards).toHaveLength(1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
