/**
 * Twinkle's `redirect [-s] [-t always|busy|noanswer] [-a on|off] [dst ...]`
 * and our `follow [yes|no]`, from split words to typed commands. Without
 * `-t`, redirect sends the ringing call on the active line elsewhere (302);
 * with `-t` it sets the call forwarding service of the active profile.
 */

/** The kinds of call forwarding, as Twinkle names them. */
export type ForwardingKind = 'always' | 'busy' | 'noanswer';

export type RedirectCommand =
  | {
      readonly name: 'redirect';
      /** `-s`: show the forwarding services. */
      readonly show: boolean;
      /** `-t`: set a forwarding service instead of redirecting the ringing call. */
      readonly type?: ForwardingKind;
      /** `-a on|off` (with -t); on when absent. */
      readonly enable: boolean;
      readonly destinations: readonly string[];
    }
  | { readonly name: 'follow'; readonly accept: boolean };

const KINDS: readonly ForwardingKind[] = ['always', 'busy', 'noanswer'];

/** At most 5 destinations, as Twinkle allows. */
export const MAX_DESTINATIONS = 5;

/** Builds `redirect` from its options and words; a string is the syntax error. */
export function buildRedirect(
  options: ReadonlyMap<string, string | true>,
  args: readonly string[],
): RedirectCommand | string {
  const show = options.has('s');
  const t = options.get('t');
  const a = options.get('a');
  if (t !== undefined && !KINDS.includes(t as ForwardingKind)) return '-t takes always, busy or noanswer';
  if (a !== undefined && a !== 'on' && a !== 'off') return '-a takes on or off';
  const type = t as ForwardingKind | undefined;
  const enable = a !== 'off';
  if (a !== undefined && type === undefined) return '-a goes with -t';
  if (args.length > MAX_DESTINATIONS) return `at most ${MAX_DESTINATIONS} destinations`;
  if (!show && enable && args.length === 0) return 'a destination is missing';
  if (!show && !enable && args.length > 0) return 'no destination when turning forwarding off';
  return { name: 'redirect', show, enable, destinations: [...args], ...(type === undefined ? {} : { type }) };
}

/** Builds `follow [yes|no]`. */
export function buildFollow(args: readonly string[]): RedirectCommand | string {
  const w = args[0]?.toLowerCase();
  if (w === undefined || w === 'yes' || w === 'y') return { name: 'follow', accept: true };
  if (w === 'no' || w === 'n') return { name: 'follow', accept: false };
  return 'follow takes yes or no';
}
