/**
 * Redirection, both ways: redirecting a ringing incoming call on demand
 * (Twinkle's `redirect dst...`: 302 with up to 5 Contacts), and what happens
 * after a 3xx to one of our calls per the profile (`allow_redirection`,
 * `ask_user_to_redirect`, `max_redirections`): follow it, ask the user
 * first (a `redirect-ask` event, answered by {@link Redirection.answer}), or
 * leave it. When a followed target fails, the next Contact of the same 3xx
 * is tried (RFC 3261 section 8.1.3.4).
 */
import type { Call } from '../engine/call.js';
import { PhoneError } from '../engine/errors.js';
import type { PhoneContext } from '../engine/phone-context.js';
import type { ProfileState } from '../engine/profile-state.js';
import type { InviteServerSession } from '../engine/sip-types.js';
import { orderContacts, redirectContacts } from './redirect-targets.js';

/** How an outgoing call came about: the 3xx followed so far and the Contacts left to try. */
export interface RedirectChain {
  readonly count: number;
  readonly remaining: readonly string[];
}

/** Places the next call of a chain on a line. */
export type RedirectDial = (
  line: number,
  profile: ProfileState,
  target: string,
  chain: RedirectChain,
) => void;

interface PendingAsk {
  readonly profile: ProfileState;
  readonly targets: readonly string[];
  readonly count: number;
  readonly dial: RedirectDial;
}

export class Redirection {
  readonly #ctx: PhoneContext;
  /** Questions the user has not answered yet, by line. */
  readonly #asks = new Map<number, PendingAsk>();

  constructor(ctx: PhoneContext) {
    this.#ctx = ctx;
  }

  /**
   * Redirects the incoming call ringing on a line (default the active one)
   * with 302 Moved Temporarily to `destinations`, in the user's order
   * (q 1.0, 0.9, ...). Returns the Contact values sent.
   */
  redirectCall(destinations: readonly string[], line?: number): string[] {
    const call = this.#ctx.lines.require(line);
    if (call.direction !== 'in' || call.answered)
      throw new PhoneError('invalid-state', `line ${call.line} has no incoming call to redirect`);
    const contacts = redirectContacts(this.#ctx.profiles.get(call.profile), destinations);
    (call.session as InviteServerSession).reject(302, { contacts });
    return contacts;
  }

  /**
   * An outgoing call of a chain ended with `status` (its 3xx Contacts in
   * `contacts`): follow, ask, or try the next Contact of the last 3xx.
   */
  afterEnded(
    call: Call,
    chain: RedirectChain,
    contacts: readonly string[],
    status: number,
    dial: RedirectDial,
  ): void {
    const ctx = this.#ctx;
    if (ctx.closed() || !ctx.profiles.has(call.profile) || ctx.lines.at(call.line)) return;
    const profile = ctx.profiles.get(call.profile);
    const p = profile.profile;
    const targets = status >= 300 && status < 400 ? orderContacts(contacts) : [];
    if (targets.length > 0) {
      if (!p.allowRedirection) return;
      if (chain.count >= p.maxRedirections) {
        ctx.emit({ type: 'notice', message: `line ${call.line}: not redirected again (max_redirections)` });
        return;
      }
      if (p.askUserToRedirect) {
        this.#asks.set(call.line, { profile, targets, count: chain.count + 1, dial });
        ctx.emit({
          type: 'redirect-ask',
          line: call.line,
          profile: profile.name,
          from: call.peer,
          contacts: targets,
        });
        return;
      }
      this.#start(call.line, profile, targets, chain.count + 1, dial);
      return;
    }
    // A followed target failed (not cancelled by us): the next Contact of the same 3xx.
    if (status >= 400 && status !== 487 && chain.remaining.length > 0)
      this.#start(call.line, profile, chain.remaining, chain.count, dial);
  }

  /** The lines with a redirection question waiting for the user. */
  get pending(): readonly number[] {
    return [...this.#asks.keys()];
  }

  /**
   * The user's answer to a `redirect-ask` on a line (default: the active
   * line, else the only line asking): `accept` calls the first target on
   * that line. Resolves with the line of the new call, undefined when declined.
   */
  answer(accept: boolean, line?: number): number | undefined {
    const asking = [...this.#asks.keys()];
    const which =
      line ??
      (this.#asks.has(this.#ctx.lines.active)
        ? this.#ctx.lines.active
        : asking.length === 1
          ? asking[0]
          : undefined);
    const ask = which === undefined ? undefined : this.#asks.get(which);
    if (which === undefined || ask === undefined)
      throw new PhoneError('invalid-state', 'no redirection to answer');
    this.#asks.delete(which);
    if (!accept) return undefined;
    if (this.#ctx.closed()) throw new PhoneError('closed', 'the phone has quit');
    if (this.#ctx.lines.at(which)) throw new PhoneError('line-busy', `line ${which} is busy`);
    this.#start(which, ask.profile, ask.targets, ask.count, ask.dial);
    return which;
  }

  #start(
    line: number,
    profile: ProfileState,
    targets: readonly string[],
    count: number,
    dial: RedirectDial,
  ): void {
    const [next, ...rest] = targets;
    if (next === undefined) return;
    try {
      dial(line, profile, next, { count, remaining: rest });
    } catch (error) {
      this.#ctx.emit({
        type: 'notice',
        message: `redirection to ${next} failed: ${(error as Error).message}`,
      });
      if (rest.length > 0) this.#start(line, profile, rest, count, dial);
    }
  }
}
