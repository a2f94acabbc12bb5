/**
 * The address book in memory: Twinkle's cards, the caller's name for an
 * incoming call (t_address_book::find_address), names for `call NAME`, and
 * the conversion to and from vCards.
 */
import { isSipUri, parseUri } from '@twinkle/sip-core';
import { convertNumber, expandDestination, looksLikePhone } from '../config/destination.js';
import type { Profile } from '../config/profile.js';
import type { CallerNameSource } from './caller-name.js';
import { type AddressCard, cardName } from './twinkle-ab.js';
import type { Vcard, VcardAddress } from './vcard.js';

/** A URI reduced to what two addresses of one person share: user (number) and host. */
interface UserHost {
  readonly user: string;
  readonly host: string;
}

/**
 * The user and host of a URI, a phone number in the user part cleaned of the
 * profile's visual separators and converted by its number_conversion rules
 * (Twinkle's t_url::apply_conversion_rules before user_host_match).
 */
export function normalizeAddress(uri: string, profile: Profile): UserHost | undefined {
  const u = parseUri(uri);
  if (!u.ok) return undefined;
  let user: string;
  let host = '';
  if (isSipUri(u.value)) {
    user = u.value.user ?? '';
    host = u.value.host.toLowerCase();
  } else if (u.value.scheme === 'tel' && 'number' in u.value) user = u.value.number;
  else return undefined;
  try {
    user = decodeURIComponent(user);
  } catch {
    // Keep a user part with a stray % as it is.
  }
  if (looksLikePhone(user, profile.specialPhoneSymbols)) {
    if (profile.removeSpecialPhoneSymbols)
      user = [...user].filter((c) => !profile.specialPhoneSymbols.includes(c)).join('');
    user = convertNumber(user, profile.numberConversion);
  }
  return { user, host };
}

/** The scheme-appropriate expansion of a card's address (`tel:` when the caller's URI is one). */
function expandCard(card: AddressCard, profile: Profile, scheme: string): string | undefined {
  const a = card.sipAddress.trim();
  if (a === '') return undefined;
  const input =
    scheme === 'tel' && !a.includes('@') && !/^sips?:/i.test(a) ? `tel:${a.replace(/^tel:/i, '')}` : a;
  return expandDestination(input, profile)?.uri;
}

/** Twinkle's address book. */
export class AddressBook implements CallerNameSource {
  #cards: AddressCard[];

  constructor(cards: readonly AddressCard[] = []) {
    this.#cards = [...cards];
  }

  get cards(): readonly AddressCard[] {
    return this.#cards;
  }

  add(card: AddressCard): void {
    this.#cards.push(card);
  }

  /** Removes the cards whose name is `name` (any case); returns how many. */
  remove(name: string): number {
    const before = this.#cards.length;
    const n = name.trim().toLowerCase();
    this.#cards = this.#cards.filter((c) => cardName(c).toLowerCase() !== n);
    return before - this.#cards.length;
  }

  /**
   * The name of the first card whose address is the caller's: user parts
   * (numbers normalized) and hosts equal, after expanding the card's
   * address as the profile dials it.
   */
  findName(uri: string, profile: Profile): string | undefined {
    const caller = normalizeAddress(uri, profile);
    if (caller === undefined || caller.user === '') return undefined;
    const scheme = uri.slice(0, uri.indexOf(':')).toLowerCase();
    for (const card of this.#cards) {
      const expanded = expandCard(card, profile, scheme);
      if (expanded === undefined) continue;
      const a = normalizeAddress(expanded, profile);
      if (a !== undefined && a.user === caller.user && a.host === caller.host) {
        const name = cardName(card);
        if (name !== '') return name;
      }
    }
    return undefined;
  }

  /**
   * The cards `text` names, for `call NAME`: exact names first (any case),
   * else names starting with it, else names containing it.
   */
  search(text: string): AddressCard[] {
    const t = text.trim().toLowerCase();
    if (t === '') return [];
    const named = this.#cards.filter((c) => cardName(c) !== '');
    for (const test of [
      (n: string) => n === t,
      (n: string) => n.startsWith(t),
      (n: string) => n.split(/\s+/).some((w) => w.startsWith(t)),
      (n: string) => n.includes(t),
    ]) {
      const hits = named.filter((c) => test(cardName(c).toLowerCase()));
      if (hits.length > 0) return hits;
    }
    return [];
  }

  /** Contacts as vCards: the cards of one name make one vCard with all their addresses. */
  toVcards(): Vcard[] {
    const byName = new Map<string, { card: AddressCard; addresses: VcardAddress[]; notes: string[] }>();
    for (const c of this.#cards) {
      const key = cardName(c) || c.sipAddress;
      let entry = byName.get(key);
      if (!entry) {
        entry = { card: c, addresses: [], notes: [] };
        byName.set(key, entry);
      }
      const a = c.sipAddress.trim();
      if (a !== '') entry.addresses.push(addressOf(a));
      if (c.remark !== '' && !entry.notes.includes(c.remark)) entry.notes.push(c.remark);
    }
    return [...byName.values()].map(({ card, addresses, notes }) => ({
      family: card.lastName,
      given: card.firstName,
      additional: card.infix,
      prefix: '',
      suffix: '',
      formatted: cardName(card),
      addresses,
      note: notes.join('\n'),
    }));
  }
}

/** A card's address as a vCard address: a number is a TEL, anything else a SIP URI. */
function addressOf(a: string): VcardAddress {
  const bare = a.replace(/^tel:/i, '');
  if (/^tel:/i.test(a) || /^[+\d][\d\s\-()/.*#]*$/.test(bare)) return { kind: 'tel', value: bare, types: [] };
  return { kind: 'sip', value: /^sips?:/i.test(a) ? a : `sip:${a}`, types: [] };
}

/**
 * Cards for a vCard: one per address (Twinkle's card holds one), named by
 * N (given, additional as the infix, family; FN when N is empty), the note
 * as the remark. A contact without any address gives no card.
 */
export function cardsFromVcard(v: Vcard): AddressCard[] {
  const hasN = v.given !== '' || v.family !== '' || v.additional !== '';
  const name = hasN
    ? { firstName: v.given, infix: v.additional, lastName: v.family }
    : { firstName: v.formatted, infix: '', lastName: '' };
  const remark = v.note.replace(/\s*\n\s*/g, ' ');
  return v.addresses.map((a) => ({
    ...name,
    sipAddress: a.kind === 'sip' ? a.value.replace(/^sip:/i, '') : a.value,
    remark,
  }));
}
