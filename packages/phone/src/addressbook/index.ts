export { AddressBook, cardsFromVcard, normalizeAddress } from './address-book.js';
export {
  exportVcards,
  importVcards,
  loadAddressBook,
  PHOTO_DIR,
  photoFileName,
  saveAddressBook,
} from './address-book-file.js';
export type { CallerNameSource } from './caller-name.js';
export {
  ADDRESS_BOOK_FILE,
  ADDRESS_BOOK_HEADER,
  type AddressBookProblem,
  type AddressCard,
  cardName,
  formatAddressBook,
  parseAddressBook,
} from './twinkle-ab.js';
export { formatVcards, parseVcards, type Vcard, type VcardAddress, type VcardPhoto } from './vcard.js';
