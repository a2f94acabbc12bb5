/**
 * The address book in memory: Twinkle's cards, the caller's name for an
 * incoming call (t_address_book::find_address), names for `call NAME`, and
 * the conversion to and from vCards.
 */
import { isSipUri, parseUri, uriParam } from '@twinkle/sip-core';
import { convertNumber, expandDestination, looksLikePhone } from '../config/destination.js';
import type { Profile } from '../config/profile.js';
import type { CallerNameSource } from './caller-name.js';
import { type AddressCard, cardName } from './twinkle-ab.js';
import type { Vcard, VcardAddress } from './vcard.js';

/** A URI reduced to what two addresses of one person share: user (number) and host. */
interface UserHost {
  readonly user: string;
  readonly host: string;
  /** A telephone number: tel:, user=phone, or a user part that looks like one. */
  readonly phone: boolean;
}

/**
 * The user and host of a URI as Twinkle's user_host_match compares them: the
 * user part converted by the profile's number_conversion rules, and a phone
 * number (a tel: URI, `user=phone`, or, with remove_special_phone_symbols, a
 * user part that looks like one) without the visual separators. We remove
 * the separators before converting, so `+31-20-...` meets a rule written
 * for `+3120...`; Twinkle converts first.
 */
export function normalizeAddress(uri: string, profile: Profile): UserHost | undefined {
  const u = parseUri(uri);
  if (!u.ok) return undefined;
  let user: string;
  let host = '';
  let phone: boolean;
  if (isSipUri(u.value)) {
    user = u.value.user ?? '';
    host = u.value.host.toLowerCase();
    phone = uriParam(u.value, 'user')?.toLowerCase() === 'phone';
  } else if (u.value.scheme === 'tel' && 'number' in u.value) {
    user = u.value.number;
    phone = true;
  } else return undefined;
  try {
    user = decodeURIComponent(user);
  } catch {
    // Keep a user part with a stray % as it is.
  }
  const symbols = profile.specialPhoneSymbols;
  phone ||= profile.removeSpecialPhoneSymbols && looksLikePhone(user, symbols);
  if (phone) user = [...user].filter((c) => !symbols.includes(c)).join('');
  return { user: convertNumber(user, profile.numberConversion), host, phone };
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
   * The name of the first card whose address is the caller's (Twinkle's
   * find_address): the card's address expanded as the profile dials it, user
   * parts equal after the number rules, and hosts equal unless both are
   * phone numbers.
   */
  findName(uri: string, profile: Profile): string | undefined {
    const caller = normalizeAddress(uri, profile);
    if (caller === undefined || caller.user === '') return undefined;
    const scheme = uri.slice(0, uri.indexOf(':')).toLowerCase();
    for (const card of this.#cards) {
      const expanded = expandCard(card, profile, scheme);
      if (expanded === undefined) continue;
      const a = normalizeAddress(expanded, profile);
      // Two phone numbers match on the number alone; anything else needs the same host too.
      if (
        a !== undefined &&
        a.user === caller.user &&
        ((a.phone && caller.phone) || a.host === caller.host)
      ) {
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
