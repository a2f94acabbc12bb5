/**
 * Twinkle's address book file, `twinkle.ab` in the config directory
 * (src/address_book.cpp, utils/record_file.hpp): a `# ` header line, then a
 * record per line of five fields separated by `|`: first name, infix (the
 * "van der" of a Dutch name), last name, SIP address (or phone number) and
 * remark. A `\` escapes `|` and `\`; a field starting with `#` gets a `\`
 * in front so the line is no comment. Empty and `#` lines are skipped; a
 * record without exactly five fields is skipped (Twinkle drops it
 * silently, we report it).
 */

/** One address book entry (Twinkle's t_address_card). */
export interface AddressCard {
  readonly firstName: string;
  readonly infix: string;
  readonly lastName: string;
  /** A SIP address or a phone number, as the user would dial it. */
  readonly sipAddress: string;
  readonly remark: string;
}

/** Twinkle's header line, without the `# `. */
export const ADDRESS_BOOK_HEADER = 'first_name|infix_name|last_name|sip_address|remark';

/** The file name in the config directory. */
export const ADDRESS_BOOK_FILE = 'twinkle.ab';

/** The name shown for a card: first, infix and last name joined by spaces (get_display_name). */
export function cardName(c: Pick<AddressCard, 'firstName' | 'infix' | 'lastName'>): string {
  return [c.firstName, c.infix, c.lastName].filter((p) => p !== '').join(' ');
}

/** Splits on `|` not escaped, removing the escapes (split_escaped, then unescape). */
function splitFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) cur += line[++i];
    else if (c === '|') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function escapeField(s: string): string {
  // A line break would end the record: the file cannot hold one, so it becomes a space.
  const flat = s.replace(/[\r\n]+/g, ' ');
  return (flat.startsWith('#') ? '\\' : '') + flat.replace(/[\\|]/g, (c) => `\\${c}`);
}

/** A line that is no record. */
export interface AddressBookProblem {
  readonly line: number;
  readonly reason: string;
}

/** Reads `twinkle.ab` text. Never throws. */
export function parseAddressBook(text: string): { cards: AddressCard[]; problems: AddressBookProblem[] } {
  const cards: AddressCard[] = [];
  const problems: AddressBookProblem[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const v = splitFields(line);
    if (v.length !== 5) {
      problems.push({ line: i + 1, reason: `expected 5 fields separated by |, found ${v.length}` });
      return;
    }
    cards.push({ firstName: v[0]!, infix: v[1]!, lastName: v[2]!, sipAddress: v[3]!, remark: v[4]! });
  });
  return { cards, problems };
}

/** Writes `twinkle.ab` text, as Twinkle's save does. */
export function formatAddressBook(cards: readonly AddressCard[]): string {
  const lines = [`# ${ADDRESS_BOOK_HEADER}`];
  for (const c of cards)
    lines.push([c.firstName, c.infix, c.lastName, c.sipAddress, c.remark].map(escapeField).join('|'));
  return `${lines.join('\n')}\n`;
}
