/**
 * Call transfer for the Phone (RFC 3515, RFC 3891, RFC 5589), all three
 * parts: the transferor (`transfer`), the transferee (REFER in our calls)
 * and the transfer target (INVITE with Replaces). Every call put on a line
 * gets a REFER binding of sip-core's event framework, so REFERs and the
 * NOTIFYs of our own REFERs inside calls reach this module.
 */
import type { NameAddr, SipResponse } from '@twinkle/sip-core';
import type { Call } from '../engine/call.js';
import type { PhoneContext } from '../engine/phone-context.js';
import type { InviteClientSession, InviteServerSession } from '../engine/sip-types.js';
import { supportedTags } from './call-facts.js';
import { Referee } from './referee.js';
import { Referrer, type TransferCommandOptions } from './referrer.js';
import { takeReplacingInvite } from './replacing-call.js';

type Binding = ReturnType<PhoneContext['ua']['events']['bindSession']>;

export class Transfers {
  readonly #ctx: PhoneContext;
  readonly #bindings = new Map<Call, Binding>();
  /** Supported tags of the provisional responses to our calls. */
  readonly #seen = new WeakMap<Call, string[]>();
  readonly #referrer: Referrer;
  readonly #referee: Referee;

  constructor(ctx: PhoneContext) {
    this.#ctx = ctx;
    this.#referee = new Referee(ctx);
    this.#referrer = new Referrer(
      ctx,
      (call, referTo: NameAddr, referredBy) => {
        const binding = this.#bindings.get(call);
        if (binding === undefined) throw new Error(`line ${call.line}: the call takes no REFER`);
        return binding.refer(referTo, { referredBy });
      },
      (call) => this.#seen.get(call) ?? [],
    );
    ctx.lines.onPlaced((call) => this.#bind(call));
  }

  /** Serves REFER in a call as long as it lasts. */
  #bind(call: Call): void {
    if (this.#bindings.has(call) || call.session.state === 'terminated') return;
    const binding = this.#ctx.ua.events.bindSession(call.session, (refer) =>
      this.#referee.receive(call, refer),
    );
    this.#bindings.set(call, binding);
    if (call.direction === 'out')
      (call.session as InviteClientSession).progress.on((r: SipResponse) => {
        const tags = supportedTags(r);
        if (tags.length > 0) this.#seen.set(call, tags);
      });
    void call.session.ended().then(() => {
      // NOTIFYs of a REFER answered in the call's last moments still find it for a while.
      setTimeout(() => binding.close(), 5000).unref?.();
      this.#bindings.delete(call);
    });
  }

  /** Twinkle's `transfer [-c] [-l] [dst]` on the active line. */
  transfer(destination: string | undefined, options: TransferCommandOptions = {}): Promise<void> {
    return this.#referrer.transfer(destination, options);
  }

  /** The user's answer to a `transfer-request` on a line (default the active one). */
  answer(accept: boolean, line?: number): void {
    this.#referee.answer(this.#ctx.lines.require(line), accept);
  }

  /** Whether a REFER on a line (default the active one) waits for the user's answer. */
  asking(line?: number): boolean {
    const call = this.#ctx.lines.at(line);
    return call !== undefined && this.#referee.asking(call);
  }

  /**
   * The calls on the lines and those in the background (a transferee's
   * original call while the target is called, a replaced call until its BYE
   * is answered): quit ends them all. Background media closes with its session.
   */
  liveCalls(): Call[] {
    const onLines = this.#ctx.lines.calls();
    const set = new Set(onLines);
    return [...onLines, ...[...this.#bindings.keys()].filter((c) => !set.has(c) && c.state !== 'ended')];
  }

  /** An incoming INVITE with Replaces (RFC 3891); false for any other INVITE. */
  takeReplacing(session: InviteServerSession): boolean {
    return takeReplacingInvite(this.#ctx, session, [...this.#bindings.keys()]);
  }
}
