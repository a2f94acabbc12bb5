/**
 * Placing outgoing calls on a line, and following a 3xx the way the
 * profile says (allow_redirection, ask_user_to_redirect, max_redirections).
 */

import { type RedirectChain, Redirection } from '../services/redirection.js';
import { replacesSupport } from '../transfer/supported.js';
import { Call } from './call.js';
import { watchDialledCall } from './first-response-watch.js';
import { type OutgoingCall, outgoingRequest } from './outgoing.js';
import type { PhoneContext } from './phone-context.js';
import type { CallCommandOptions } from './phone-options.js';
import type { ProfileState } from './profile-state.js';
import { sessionPolicyOf } from './session-policy.js';

export class Dialer {
  readonly #ctx: PhoneContext;
  /** The options of each outgoing call and how many 3xx led to it. */
  readonly #chains = new WeakMap<Call, RedirectChain & { options: CallCommandOptions }>();
  /** Redirecting ringing calls, and following or asking about a 3xx (services/redirection.ts). */
  readonly redirection: Redirection;

  constructor(ctx: PhoneContext) {
    this.#ctx = ctx;
    this.redirection = new Redirection(ctx);
  }

  /** Places a call on a line; `redirects` counts the 3xx already followed (max_redirections). */
  dial(
    line: number,
    profile: ProfileState,
    uri: string,
    options: CallCommandOptions,
    chain: RedirectChain = { count: 0, remaining: [] },
  ): Call {
    const ctx = this.#ctx;
    const out: OutgoingCall = outgoingRequest(profile, uri, options);
    const media = ctx.newMedia(profile, line, out.target);
    const session = ctx.ua.invite(out.target, media, {
      from: out.from,
      to: out.to,
      // We take INVITEs with Replaces (RFC 3891 section 6.1): a transferor may refer a party to this call.
      headers: [...out.headers, ...replacesSupport(profile)],
      routeSet: out.routeSet ?? ctx.ua.routeSet,
      policy: sessionPolicyOf(profile.profile),
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
    this.#chains.set(call, { options, ...chain });
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
   * An outgoing call ended (`status` its final response, `contacts` of a
   * 3xx): following, asking and trying the next Contact are the
   * Redirection's (allow_redirection, ask_user_to_redirect, max_redirections).
   */
  followRedirect(call: Call, contacts: readonly string[], status = 0): void {
    const chain = this.#chains.get(call);
    if (!chain) return;
    this.redirection.afterEnded(call, chain, contacts, status, (line, profile, target, next) =>
      this.dial(line, profile, target, chain.options, next),
    );
  }
}
