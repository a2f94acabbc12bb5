/**
 * The address book on disk: `twinkle.ab` in the config directory (written
 * with mode 0600 through a temporary file), and vCard files in and out.
 * twinkle.ab has no photo field: imported photos are kept as files in
 * `photos/` of the config directory, named after the contact, and go back
 * into exported vCards from there.
 */
import { chmod, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AddressBook, cardsFromVcard } from './address-book.js';
import {
  ADDRESS_BOOK_FILE,
  type AddressBookProblem,
  formatAddressBook,
  parseAddressBook,
} from './twinkle-ab.js';
import { formatVcards, parseVcards, type Vcard, type VcardPhoto } from './vcard.js';

/** The folder of contact photos in the config directory. */
export const PHOTO_DIR = 'photos';

const isErrno = (e: unknown, code: string): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;

/** Reads `twinkle.ab` of a config directory; a missing file is an empty book. */
export async function loadAddressBook(
  dir: string,
): Promise<{ book: AddressBook; problems: AddressBookProblem[] }> {
  let text: string;
  try {
    text = await readFile(join(dir, ADDRESS_BOOK_FILE), 'utf8');
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return { book: new AddressBook(), problems: [] };
    throw e;
  }
  const { cards, problems } = parseAddressBook(text);
  return { book: new AddressBook(cards), problems };
}

/** Writes `twinkle.ab` (mode 0600: it is personal data). */
export async function saveAddressBook(dir: string, book: AddressBook): Promise<void> {
  const path = join(dir, ADDRESS_BOOK_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, formatAddressBook(book.cards), { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/** A file name for a contact's photo: the name without characters a file name cannot hold. */
export function photoFileName(name: string, mediaType: string): string {
  const base =
    name
      .replace(/[/\\\0]/g, '_')
      .replace(/^\.+/, '_')
      .slice(0, 100) || 'contact';
  const ext = mediaType === 'image/png' ? 'png' : mediaType === 'image/gif' ? 'gif' : 'jpg';
  return `${base}.${ext}`;
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  gif: 'image/gif',
  jpg: 'image/jpeg',
};

/**
 * Adds the contacts of a vCard text to the book (one card per address; a
 * card already there is not added twice) and stores their photos. Returns
 * how many cards were added and the problems of the text.
 */
export async function importVcards(
  dir: string,
  book: AddressBook,
  text: string,
): Promise<{ added: number; contacts: number; problems: string[] }> {
  const { cards: vcards, problems } = parseVcards(text);
  let added = 0;
  let contacts = 0;
  for (const v of vcards) {
    const cards = cardsFromVcard(v);
    if (cards.length === 0) {
      problems.push(`${v.formatted || 'a contact'}: no SIP address or phone number, skipped`);
      continue;
    }
    contacts += 1;
    for (const c of cards) {
      const same = book.cards.some(
        (x) =>
          x.firstName === c.firstName &&
          x.infix === c.infix &&
          x.lastName === c.lastName &&
          x.sipAddress === c.sipAddress,
      );
      if (!same) {
        book.add(c);
        added += 1;
      }
    }
    const name =
      cards[0]!.firstName || cards[0]!.lastName
        ? [cards[0]!.firstName, cards[0]!.infix, cards[0]!.lastName].filter((s) => s).join(' ')
        : '';
    if (v.photo?.data !== undefined && name !== '') {
      await mkdir(join(dir, PHOTO_DIR), { recursive: true, mode: 0o700 });
      await writeFile(join(dir, PHOTO_DIR, photoFileName(name, v.photo.mediaType)), v.photo.data, {
        mode: 0o600,
      });
    }
  }
  return { added, contacts, problems };
}

/** The stored photo of a contact, if any. */
async function photoOf(dir: string, name: string): Promise<VcardPhoto | undefined> {
  let files: string[];
  try {
    files = await readdir(join(dir, PHOTO_DIR));
  } catch {
    return undefined;
  }
  for (const ext of Object.keys(MEDIA_TYPES)) {
    const f = photoFileName(name, MEDIA_TYPES[ext]!);
    if (files.includes(f))
      return { mediaType: MEDIA_TYPES[ext]!, data: new Uint8Array(await readFile(join(dir, PHOTO_DIR, f))) };
  }
  return undefined;
}

/** The book as vCard text, with the stored photos. */
export async function exportVcards(
  dir: string,
  book: AddressBook,
  version: '3.0' | '4.0' = '4.0',
): Promise<string> {
  const out: Vcard[] = [];
  for (const v of book.toVcards()) {
    const photo = v.formatted === '' ? undefined : await photoOf(dir, v.formatted);
    out.push(photo === undefined ? v : { ...v, photo });
  }
  return formatVcards(out, version);
}
