import { isSipUri, parseUri, uriParam } from '@twinkle/sip-core';
import type { Profile } from './profile.js';

/** The profile keys that shape how a typed destination becomes a URI. */
export type AddressFormat = Pick<
  Profile,
  | 'userDomain'
  | 'numberConversion'
  | 'numericalUserIsPhone'
  | 'removeSpecialPhoneSymbols'
  | 'specialPhoneSymbols'
  | 'useTelUriForPhone'
>;

/** A destination as the user typed it, expanded. */
export interface Destination {
  /** Display name from `"Name" <uri>`, else ''. */
  readonly display: string;
  /** The full URI, e.g. `sip:bob@example.com` or `tel:+31201234567`. */
  readonly uri: string;
}

/** Digits with `+`, `*`, `#` and the profile's visual separators (Twinkle's looks_like_phone). */
export const looksLikePhone = (s: string, specialSymbols: string): boolean => {
  if (!/\d/.test(s)) return false;
  for (const c of s) if (!'0123456789+*#'.includes(c) && !specialSymbols.includes(c)) return false;
  return true;
};

/**
 * Applies the first number_conversion rule whose regular expression matches
 * the whole number; `$1`-style references in the format take its groups (Twinkle
 * uses Boost's Perl format). A rule that is not a valid expression is skipped.
 */
export const convertNumber = (number: string, rules: AddressFormat['numberConversion']): string => {
  for (const rule of rules) {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${rule.pattern})$`);
    } catch {
      continue;
    }
    if (re.test(number)) return number.replace(re, rule.format);
  }
  return number;
};

/**
 * `sip:127.0.0.1:5062`, `sips:[::1]` or `sip:pbx.test:5070`: a typed SIP URI without a
 * user part whose host is an IP address or has a port. It addresses the host itself
 * (RFC 3261 section 19.1.1: the userinfo is optional) and must not get `@DOMAIN`
 * appended, which would turn the host into a user part and send the call elsewhere.
 * `sip:bob` keeps Twinkle's meaning, bob at the profile's domain.
 */
const isHostOnlyUri = (s: string): boolean => {
  if (!/^sips?:/.test(s)) return false;
  const u = parseUri(s);
  if (!u.ok || !isSipUri(u.value) || u.value.user !== undefined) return false;
  const { host, port } = u.value;
  return port !== undefined || host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
};

const expandUri = (dst: string, f: AddressFormat): string => {
  let s = dst;
  if (!s.includes('@') && !isHostOnlyUri(s)) {
    const isTel = s.startsWith('tel:');
    if (isTel) s = s.slice(4);
    s = s.replace(/\s+/g, '');
    if (f.removeSpecialPhoneSymbols && looksLikePhone(s, f.specialPhoneSymbols))
      s = [...s].filter((c) => !f.specialPhoneSymbols.includes(c)).join('');
    s = convertNumber(s, f.numberConversion);
    if (isTel) s = `tel:${s}`;
    else if (
      !s.startsWith('sip:') &&
      f.useTelUriForPhone &&
      f.numericalUserIsPhone &&
      looksLikePhone(s, f.specialPhoneSymbols)
    )
      s = `tel:${s}`;
    else s = `${s}@${f.userDomain}`;
  }
  if (!s.startsWith('sip:') && !s.startsWith('tel:') && !s.startsWith('sips:')) s = `sip:${s}`;
  // RFC 3261 section 19.1.1: a SIP URI holding a telephone number SHOULD carry user=phone.
  if (f.numericalUserIsPhone && s.startsWith('sip:')) {
    const u = parseUri(s);
    if (
      u.ok &&
      isSipUri(u.value) &&
      u.value.user !== undefined &&
      uriParam(u.value, 'user') === null &&
      looksLikePhone(u.value.user, f.specialPhoneSymbols)
    )
      s += ';user=phone';
  }
  return s;
};

/**
 * Expands what a user typed for `call`, a redirection or a `.svc` destination,
 * as Twinkle's expand_destination does: `bob` becomes `sip:bob@DOMAIN`;
 * `"Bob" <bob@example.com>` keeps the display name; phone numbers lose the
 * profile's visual separators and go through the number conversion rules.
 * Undefined when the result is not a valid URI.
 */
export const expandDestination = (input: string, format: AddressFormat): Destination | undefined => {
  const dst = input.trim();
  if (dst === '') return undefined;
  let display = '';
  let uriText = dst;
  if (dst.endsWith('>')) {
    const lt = dst.lastIndexOf('<');
    if (lt < 0) return undefined;
    uriText = dst.slice(lt + 1, -1).trim();
    display = dst.slice(0, lt).trim();
    if (display.length >= 2 && display.startsWith('"') && display.endsWith('"'))
      display = display.slice(1, -1);
  }
  const uri = expandUri(uriText, format);
  return parseUri(uri).ok ? { display, uri } : undefined;
};
