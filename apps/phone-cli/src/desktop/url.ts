/**
 * Links that open the phone: sip:, sips:, tel: and callto: URLs (RFC 3261
 * section 19.1, RFC 3966; callto: is Skype/NetMeeting's). A link becomes the
 * destination a user would type for `call`, and the running phone completes
 * it from the active profile as Twinkle does (`callto:bob` and `sip:bob` to
 * sip:bob@DOMAIN, a number through the profile's number conversion).
 */

/** The URL schemes the desktop hands to the phone. */
export const URL_SCHEMES = ['sip', 'sips', 'tel', 'callto'] as const;

/** Whether a command-line argument is such a link (and not a plain destination). */
export function isPhoneUrl(arg: string): boolean {
  return /^(sips?|tel|callto):/i.test(arg.trim());
}

/**
 * The `call` destination for a link, or undefined when it is none:
 * `callto://bob@example.com` → `bob@example.com`; `sip://bob` → `sip:bob`;
 * `tel:+31%2020%20123` → `tel:+31 20 123`. Percent escapes are undone in
 * callto: and tel: links (browsers escape spaces); a sip: URI is kept as it
 * is, its escapes belong to it. Control characters are refused: a link is
 * not allowed to smuggle a second console command into the phone.
 */
export function destinationFromUrl(url: string): string | undefined {
  const s = url.trim();
  const m = /^(sips?|tel|callto):(?:\/\/)?(.*)$/is.exec(s);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  let rest = m[2]!;
  if (scheme === 'callto' || scheme === 'tel') {
    try {
      rest = decodeURIComponent(rest);
    } catch {
      return undefined;
    }
  }
  if (/[\u0000-\u001f\u007f]/.test(rest)) return undefined;
  // Some pages write callto:+31...;type=phone or sip:bob?subject=x: keep the address only for callto.
  if (scheme === 'callto') rest = rest.replace(/[;?].*$/, '');
  rest = rest.replace(/\/+$/, '').trim();
  if (rest === '') return undefined;
  return scheme === 'callto' ? rest : `${scheme}:${rest}`;
}
