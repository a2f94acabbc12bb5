/**
 * The console's address book (Twinkle has no console command for it; its
 * GUI has the address book window): `addressbook` lists, searches, adds,
 * deletes, imports vCards and exports them; `call NAME` completes from it.
 * Changes are saved to twinkle.ab at once, as Twinkle's window does.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import {
  type AddressBook,
  type AddressCard,
  cardName,
  exportVcards,
  importVcards,
  loadAddressBook,
  saveAddressBook,
} from '@twinkle/phone';
import type { CommandResult } from '../remote/protocol.js';

/** The `addressbook` command as parsed. */
export type AddressbookCommand =
  | { readonly name: 'addressbook'; readonly action: 'list'; readonly search?: string }
  | {
      readonly name: 'addressbook';
      readonly action: 'add';
      readonly contact: string;
      readonly address: string;
      readonly remark?: string;
    }
  | { readonly name: 'addressbook'; readonly action: 'delete'; readonly contact: string }
  | { readonly name: 'addressbook'; readonly action: 'import'; readonly file: string }
  | {
      readonly name: 'addressbook';
      readonly action: 'export';
      readonly file: string;
      readonly version: '3.0' | '4.0';
    };

type Parsed = { ok: true; command: AddressbookCommand } | { ok: false; message: string };

/**
 * Reads the options and words of `addressbook`:
 * `[TEXT]`, `-a NAME ADDRESS [-r REMARK]`, `-d NAME`, `-i FILE`, `-e FILE [-v 3.0|4.0]`.
 */
export function parseAddressbook(
  options: ReadonlyMap<string, string | true>,
  args: readonly string[],
): Parsed {
  const str = (k: string) => {
    const v = options.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  const modes = ['a', 'd', 'i', 'e'].filter((k) => options.has(k));
  if (modes.length > 1) return { ok: false, message: `-${modes.join(', -')} do not go together` };
  const name = 'addressbook' as const;
  if (options.has('a')) {
    if (args.length !== 2) return { ok: false, message: '-a takes a name and an address' };
    const remark = str('r');
    return {
      ok: true,
      command: {
        name,
        action: 'add',
        contact: args[0]!,
        address: args[1]!,
        ...(remark === undefined ? {} : { remark }),
      },
    };
  }
  if (options.has('r')) return { ok: false, message: '-r goes with -a' };
  if (options.has('d')) {
    if (args.length !== 1) return { ok: false, message: '-d takes the name of the contact' };
    return { ok: true, command: { name, action: 'delete', contact: args[0]! } };
  }
  const file = str('i') ?? str('e');
  if (file !== undefined && args.length > 0) return { ok: false, message: `unexpected: ${args.join(' ')}` };
  if (str('i') !== undefined) return { ok: true, command: { name, action: 'import', file: str('i')! } };
  const v = str('v');
  if (v !== undefined && v !== '3.0' && v !== '4.0') return { ok: false, message: '-v takes 3.0 or 4.0' };
  if (str('e') !== undefined)
    return { ok: true, command: { name, action: 'export', file: str('e')!, version: v ?? '4.0' } };
  if (v !== undefined) return { ok: false, message: '-v goes with -e' };
  if (args.length > 1) return { ok: false, message: 'search for one name (quote it)' };
  return {
    ok: true,
    command: args[0] === undefined ? { name, action: 'list' } : { name, action: 'list', search: args[0] },
  };
}

/** Twinkle's name parts from a typed name: first word, last word, the words between as the infix. */
export function nameParts(name: string): Pick<AddressCard, 'firstName' | 'infix' | 'lastName'> {
  const w = name
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '');
  if (w.length <= 1) return { firstName: w[0] ?? '', infix: '', lastName: '' };
  return { firstName: w[0]!, infix: w.slice(1, -1).join(' '), lastName: w.at(-1)! };
}

const line = (c: AddressCard) =>
  `${cardName(c) || '(no name)'}  <${c.sipAddress}>${c.remark === '' ? '' : `  ${c.remark}`}`;

/** What `call TEXT` calls: the address of the contact TEXT names, or TEXT itself. */
export type CallTarget = { ok: true; uri: string; display?: string } | { ok: false; message: string };

/** The address book the console works on, saved in its config directory. */
export class ConsoleAddressBook {
  readonly dir: string;
  readonly book: AddressBook;

  constructor(dir: string, book: AddressBook) {
    this.dir = dir;
    this.book = book;
  }

  static async open(dir: string): Promise<{ book: ConsoleAddressBook; problems: string[] }> {
    const { book, problems } = await loadAddressBook(dir);
    return {
      book: new ConsoleAddressBook(dir, book),
      problems: problems.map((p) => `twinkle.ab:${p.line}: ${p.reason}`),
    };
  }

  /**
   * `call NAME`: text that is an address (has `@` or a scheme, or is a number) is called as it is;
   * a name of the address book becomes that contact's address (display name included);
   * a name several contacts share is refused with the candidates; anything else is called as typed.
   */
  resolveCall(text: string): CallTarget {
    const t = text.trim();
    if (
      t.includes('@') ||
      /^[a-z][a-z0-9+.-]*:/i.test(t) ||
      /^[+\d][\d\s\-()/.*#]*$/.test(t) ||
      t.includes('<')
    )
      return { ok: true, uri: t };
    const hits = this.book.search(t);
    const addresses = [...new Set(hits.map((c) => c.sipAddress))];
    if (addresses.length === 0) return { ok: true, uri: t };
    if (addresses.length > 1)
      return {
        ok: false,
        message: `${t} could be: ${hits.map((c) => `${cardName(c)} <${c.sipAddress}>`).join(', ')}`,
      };
    const display = cardName(hits[0]!);
    return { ok: true, uri: addresses[0]!, ...(display === '' ? {} : { display }) };
  }

  #file(name: string): string {
    return isAbsolute(name) ? name : resolve(process.cwd(), name);
  }

  async run(cmd: AddressbookCommand): Promise<CommandResult> {
    const ok = (message: string, data?: Record<string, unknown>): CommandResult => ({
      type: 'result',
      command: 'addressbook',
      ok: true,
      message,
      ...(data === undefined ? {} : { data }),
    });
    const failed = (message: string): CommandResult => ({
      type: 'result',
      command: 'addressbook',
      ok: false,
      message,
    });
    switch (cmd.action) {
      case 'list': {
        const cards = cmd.search === undefined ? this.book.cards : this.book.search(cmd.search);
        if (cards.length === 0)
          return ok(
            cmd.search === undefined ? 'The address book is empty.' : `No contact matches ${cmd.search}.`,
            { contacts: [] },
          );
        return ok(cards.map(line).join('\n'), { contacts: cards.map((c) => ({ ...c, name: cardName(c) })) });
      }
      case 'add': {
        const card = { ...nameParts(cmd.contact), sipAddress: cmd.address, remark: cmd.remark ?? '' };
        this.book.add(card);
        await saveAddressBook(this.dir, this.book);
        return ok(`Added ${line(card)}`);
      }
      case 'delete': {
        const n = this.book.remove(cmd.contact);
        if (n === 0) return failed(`No contact named ${cmd.contact}.`);
        await saveAddressBook(this.dir, this.book);
        return ok(`Deleted ${n} entr${n === 1 ? 'y' : 'ies'} of ${cmd.contact}.`);
      }
      case 'import': {
        let text: string;
        try {
          text = await readFile(this.#file(cmd.file), 'utf8');
        } catch (e) {
          return failed(`cannot read ${cmd.file}: ${(e as Error).message}`);
        }
        const r = await importVcards(this.dir, this.book, text);
        await saveAddressBook(this.dir, this.book);
        const lines = [
          `Imported ${r.contacts} contact(s), ${r.added} new entr${r.added === 1 ? 'y' : 'ies'}.`,
          ...r.problems,
        ];
        return ok(lines.join('\n'), { added: r.added, contacts: r.contacts, problems: r.problems });
      }
      case 'export': {
        const text = await exportVcards(this.dir, this.book, cmd.version);
        try {
          await writeFile(this.#file(cmd.file), text, { mode: 0o600 });
        } catch (e) {
          return failed(`cannot write ${cmd.file}: ${(e as Error).message}`);
        }
        const n = text.split('BEGIN:VCARD').length - 1;
        return ok(`Exported ${n} contact(s) as vCard ${cmd.version} to ${cmd.file}.`, { contacts: n });
      }
    }
  }
}
