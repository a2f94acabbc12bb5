/**
 * Redirection targets: the Contacts of a 302 we send (Twinkle's `redirect`
 * of a ringing call and the call forwarding service), and the order in which
 * we try the Contacts of a 3xx we receive.
 */
import { formatAddressOf, parseNameAddr, parseQValue } from '@twinkle/sip-core';
import { PhoneError } from '../engine/errors.js';
import { expandTarget } from '../engine/outgoing.js';
import type { ProfileState } from '../engine/profile-state.js';

/** Twinkle redirects to at most 5 destinations. */
export const MAX_REDIRECT_DESTINATIONS = 5;

/**
 * Contact values of a 302 to `destinations` as the user typed them,
 * expanded as they would be dialled from `profile`, with q-values going
 * down from 1.0 by 0.1 so the caller tries them in the user's order
 * (RFC 3261 section 20.10: the higher q, the more preferred).
 */
export function redirectContacts(profile: ProfileState, destinations: readonly string[]): string[] {
  if (destinations.length === 0) throw new PhoneError('bad-argument', 'no destination to redirect to');
  if (destinations.length > MAX_REDIRECT_DESTINATIONS)
    throw new PhoneError('bad-argument', `at most ${MAX_REDIRECT_DESTINATIONS} destinations`);
  return destinations.map((d, i) => {
    const t = expandTarget(d, profile); // refuses what is no address
    const q = ((10 - i) / 10).toFixed(1);
    return `${t.display === '' ? '' : `${JSON.stringify(t.display)} `}<${t.uri}>;q=${q}`;
  });
}

/**
 * The Contacts of a 3xx in the order to try them (RFC 3261 section 8.1.3.4):
 * highest q first, a Contact without q counting as 1.0, equal q in the order
 * received. Values that are no address are left out. Each is `"Name" <uri>`
 * or `<uri>` without the header parameters.
 */
export function orderContacts(contacts: readonly string[]): string[] {
  const parsed: { text: string; q: number; index: number }[] = [];
  contacts.forEach((c, index) => {
    const r = parseNameAddr(c);
    if (!r.ok) return;
    const qParam = r.value.params.find((p) => p.name.toLowerCase() === 'q')?.value;
    const q = typeof qParam === 'string' ? parseQValue(qParam) : undefined;
    const text = formatAddressOf({ ...r.value, bracketed: true });
    parsed.push({ text, q: q ?? 1, index });
  });
  parsed.sort((a, b) => b.q - a.q || a.index - b.index);
  return parsed.map((p) => p.text);
}
