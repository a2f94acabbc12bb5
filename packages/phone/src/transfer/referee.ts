/**
 * The transferee side (RFC 3515, RFC 5589): a REFER in one of our calls is
 * refused (allow_refer off), put to the user (ask_user_to_refer) or
 * accepted; accepting calls the Refer-To target on the same line (the
 * original call stays in the background, held when referee_hold says so),
 * reports that call's progress by sipfrag NOTIFYs, and ends the original call
 * once the target answered. A failed transfer gives the line back to it.
 */
import { formatNameAddr, formatUri, type IncomingRefer, isSipUri, type TimerHandle } from '@twinkle/sip-core';
import type { Call } from '../engine/call.js';
import { PhoneError } from '../engine/errors.js';
import { Dialer } from '../engine/outgoing-call.js';
import type { PhoneContext } from '../engine/phone-context.js';
import type { InviteClientSession } from '../engine/sip-types.js';
import { answeredOrFailed } from './call-facts.js';
import type { TransferEvent } from './transfer-events.js';

/** How long a REFER waits for the user's answer before it is declined, ms. */
const ASK_TIMEOUT_MS = 20_000;
/** How long the final NOTIFY may take before the original call is ended anyway, ms. */
const FINAL_NOTIFY_WAIT_MS = 2000;

interface Pending {
  readonly refer: IncomingRefer;
  readonly timer: TimerHandle;
}

export class Referee {
  readonly #ctx: PhoneContext;
  readonly #dialer: Dialer;
  readonly #pending = new Map<Call, Pending>();

  constructor(ctx: PhoneContext) {
    this.#ctx = ctx;
    this.#dialer = new Dialer(ctx);
  }

  #emit(call: Call, state: TransferEvent['state'], more: Partial<TransferEvent> = {}): void {
    this.#ctx.emit({ type: 'transfer', line: call.line, role: 'referee', state, ...more });
  }

  /** A REFER arrived in `call`: decide per allow_refer and ask_user_to_refer. */
  receive(call: Call, refer: IncomingRefer): void {
    const ctx = this.#ctx;
    const p = ctx.profiles.has(call.profile) ? ctx.profiles.get(call.profile).profile : undefined;
    const target = formatUri(refer.triggered().target);
    const sip = isSipUri(refer.referTo.uri);
    if (
      p === undefined ||
      !p.allowRefer ||
      !sip ||
      !call.answered ||
      ctx.closed() ||
      this.#pending.has(call)
    ) {
      // RFC 3515 2.4.2: 603 Declined; a URI we cannot call is no request we can make.
      refer.reject(sip ? 603 : 400, sip ? undefined : 'Refer-To Is Not a SIP URI');
      this.#emit(call, 'refused', { target, status: sip ? 603 : 400 });
      return;
    }
    if (!p.askUserToRefer) {
      this.#accept(call, refer, target);
      return;
    }
    const timer = ctx.ua.clock.setTimer(ASK_TIMEOUT_MS, () => {
      if (this.#pending.get(call)?.refer !== refer) return;
      this.#pending.delete(call);
      refer.reject(603);
      this.#emit(call, 'refused', { target, status: 603, reason: 'no answer from the user' });
    });
    this.#pending.set(call, { refer, timer });
    void call.session.ended().then(() => this.#drop(call));
    const by = refer.referredBy;
    ctx.emit({
      type: 'transfer-request',
      line: call.line,
      target,
      ...(by === undefined ? {} : { referredBy: formatNameAddr(by) }),
    });
  }

  /** Whether a REFER waits for the user's answer on `call`. */
  asking(call: Call): boolean {
    return this.#pending.has(call);
  }

  /** The user's answer to a `transfer-request`. */
  answer(call: Call, accept: boolean): void {
    const pending = this.#pending.get(call);
    if (pending === undefined)
      throw new PhoneError('invalid-state', `no transfer request on line ${call.line}`);
    this.#ctx.ua.clock.clearTimer(pending.timer);
    this.#pending.delete(call);
    const { refer } = pending;
    const target = formatUri(refer.triggered().target);
    if (accept) {
      this.#accept(call, refer, target);
      return;
    }
    refer.reject(603);
    this.#emit(call, 'refused', { target, status: 603 });
  }

  #drop(call: Call): void {
    const pending = this.#pending.get(call);
    if (pending === undefined) return;
    this.#ctx.ua.clock.clearTimer(pending.timer);
    this.#pending.delete(call);
    // The REFER of a call that ended meanwhile is still answered (RFC 3261 8.2: every request gets one).
    if (!pending.refer.decided) pending.refer.reject(603);
  }

  #accept(original: Call, refer: IncomingRefer, target: string): void {
    const ctx = this.#ctx;
    const profile = ctx.profiles.get(original.profile);
    refer.accept();
    this.#emit(original, 'accepted', { target });
    const hold = profile.profile.refereeHold && !original.held;
    const { target: uri, headers } = refer.triggered();
    let call: Call;
    try {
      // The new call takes the line; the original one goes on in the background until the end.
      call = this.#dialer.dial(original.line, profile, formatUri(uri), { headers });
    } catch (error) {
      refer.complete(400, 'Bad Refer-To');
      this.#emit(original, 'failed', { target, status: 400, reason: (error as Error).message });
      return;
    }
    const done = answeredOrFailed(call);
    const progress = (call.session as InviteClientSession).progress;
    refer.follow(progress, done);
    progress.on((r) => {
      if (r.status > 100) this.#emit(original, 'progress', { target, status: r.status, reason: r.reason });
    });
    if (hold) void original.setHold(true).catch(() => {});
    done.then(
      () => {
        this.#emit(original, 'succeeded', { target, status: 200 });
        void this.#endOriginal(original, refer);
      },
      (error: { status?: number; message?: string }) => {
        this.#emit(original, 'failed', {
          target,
          ...(error.status === undefined ? {} : { status: error.status }),
          ...(error.message === undefined ? {} : { reason: error.message }),
        });
        // The line is the original call's again.
        if (original.state !== 'ended' && ctx.lines.at(original.line) === undefined) ctx.lines.put(original);
        if (hold && original.state !== 'ended') void original.setHold(false).catch(() => {});
      },
    );
  }

  /** Ends the original call once the final NOTIFY went out (RFC 5589 section 6: the transferor may end it first). */
  async #endOriginal(original: Call, refer: IncomingRefer): Promise<void> {
    const sub = refer.subscription;
    if (sub !== undefined && sub.state !== 'terminated')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, FINAL_NOTIFY_WAIT_MS);
        sub.ended.once(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    if (original.state !== 'ended') await original.end(603);
  }
}
