/**
 * Placing outgoing calls on a line, and following a 3xx the way the
 * profile says (allow_redirection, ask_user_to_redirect, max_redirections).
 */

import { SUPPORTED_REPLACES } from '../transfer/supported.js';
import { Call } from './call.js';
import { watchDialledCall } from './first-response-watch.js';
import { type OutgoingCall, outgoingRequest } from './outgoing.js';
import type { PhoneContext } from './phone-context.js';
import type { CallCommandOptions } from './phone-options.js';
import type { ProfileState } from './profile-state.js';

export class Dialer {
  readonly #ctx: PhoneContext;
  /** The options of each outgoing call and how many 3xx led to it. */
  readonly #chains = new WeakMap<Call, { options: CallCommandOptions; count: number }>();

  constructor(ctx: PhoneContext) {
    this.#ctx = ctx;
  }

  /** Places a call on a line; `redirects` counts the 3xx already followed (max_redirections). */
  dial(line: number, profile: ProfileState, uri: string, options: CallCommandOptions, redirects = 0): Call {
    const ctx = this.#ctx;
    const out: OutgoingCall = outgoingRequest(profile, uri, options);
    const media = ctx.newMedia(profile, line, out.target);
    const session = ctx.ua.invite(out.target, media, {
      from: out.from,
      to: out.to,
      // We take INVITEs with Replaces (RFC 3891 section 6.1): a transferor may refer a party to this call.
      headers: [...out.headers, SUPPORTED_REPLACES],
      routeSet: out.routeSet ?? ctx.ua.routeSet,
    });
    const call = new Call(
      {
        line,
        profile: profile.name,
        direction: 'out',
        session,
        media,
        from: out.fromParts,
        to: out.toParts,
        subject: options.subject ?? '',
      },
      ctx.callHooks(),
    );
    ctx.lines.put(call);
    this.#chains.set(call, { options, count: redirects });
    const s = ctx.options.settings;
    session.progress.on((r) =>
      call.progress(r, () => (s.playRingback ? ctx.tones.ringback(line) : undefined)),
    );
    call.setState('calling');
    void session.invite().catch(() => {});
    watchDialledCall(ctx, call, session, profile, out);
    return call;
  }

  /**
   * A 3xx to our call: with allow_redirection and without ask_user_to_redirect
   * the first Contact is called on the same line, up to max_redirections
   * (RFC 3261 8.1.3.4); otherwise the call-ended event lists the Contacts.
   */
  followRedirect(call: Call, contacts: readonly string[]): void {
    const ctx = this.#ctx;
    const chain = this.#chains.get(call);
    const profile = ctx.profiles.has(call.profile) ? ctx.profiles.get(call.profile) : undefined;
    const p = profile?.profile;
    const next = contacts[0];
    if (!chain || !profile || !p || next === undefined || ctx.closed()) return;
    if (!p.allowRedirection || p.askUserToRedirect || chain.count >= p.maxRedirections) return;
    if (ctx.lines.at(call.line)) return;
    try {
      this.dial(call.line, profile, next, chain.options, chain.count + 1);
    } catch (error) {
      ctx.emit({ type: 'notice', message: `redirection to ${next} failed: ${(error as Error).message}` });
    }
  }
}
