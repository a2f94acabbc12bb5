/**
 * The transferor side (RFC 5589): blind transfer (REFER to a destination),
 * transfer with consultation (a consultation call on another line, the
 * call to transfer held), and attended transfer (REFER with Replaces of the
 * consultation call's dialog, RFC 3891 section 7.1; a consultation transfer
 * when its far end did not say it supports Replaces). referrer_hold holds
 * the call before the REFER; a transfer that failed retrieves it.
 */
import { asNameAddr, isSipUri, type NameAddr, referToWithReplaces, replacesFor } from '@twinkle/sip-core';
import type { Call } from '../engine/call.js';
import { PhoneError } from '../engine/errors.js';
import { expandTarget } from '../engine/outgoing.js';
import { Dialer } from '../engine/outgoing-call.js';
import type { PhoneContext } from '../engine/phone-context.js';
import { peerSupportsReplaces, referTargetOf } from './call-facts.js';
import type { TransferEvent, TransferMode } from './transfer-events.js';

/** What the REFER of a call goes through (the call's session binding). */
export type ReferSender = (
  call: Call,
  referTo: NameAddr,
  referredBy: string,
) => {
  readonly progress: { on(l: (s: { status: number; reason: string }) => void): () => void };
  readonly outcome: Promise<
    | { readonly kind: 'final'; readonly status: { status: number; reason: string } }
    | { readonly kind: 'rejected'; readonly status: number }
    | { readonly kind: 'accepted-no-subscription' | 'ended' }
  >;
};

/** Twinkle's `transfer` options. */
export interface TransferCommandOptions {
  /** `-c`: with a destination, start a consultation call; without, transfer to the consultation call. */
  readonly consult?: boolean;
  /** `-l`: transfer the call on the active line to the party on the other line. */
  readonly otherLine?: boolean;
}

/** How long the target may take to end the call it replaced before we do, ms. */
const REPLACED_END_WAIT_MS = 2000;

export class Referrer {
  readonly #ctx: PhoneContext;
  readonly #dialer: Dialer;
  readonly #send: ReferSender;
  /** Provisional responses' Supported tags of each outgoing call (a 2xx is read from the session). */
  readonly #seen: (call: Call) => readonly string[];
  /** Each consultation call and the call it is for. */
  readonly #consults = new Map<Call, Call>();

  constructor(ctx: PhoneContext, send: ReferSender, seen: (call: Call) => readonly string[]) {
    this.#ctx = ctx;
    this.#dialer = new Dialer(ctx);
    this.#send = send;
    this.#seen = seen;
  }

  #emit(line: number, state: TransferEvent['state'], more: Partial<TransferEvent> = {}): void {
    this.#ctx.emit({ type: 'transfer', line, role: 'referrer', state, ...more });
  }

  /** Twinkle's `transfer [-c] [-l] [dst]` on the active line. */
  async transfer(destination: string | undefined, options: TransferCommandOptions = {}): Promise<void> {
    const lines = this.#ctx.lines;
    if (options.consult === true && options.otherLine === true)
      throw new PhoneError('bad-argument', '-c and -l do not go together');
    const active = lines.require();
    if (options.consult === true && destination === undefined) {
      // On the consultation line (which may still ring, see allow_xfer_consult_inprog).
      const original = this.#consults.get(active);
      if (original === undefined || original.state === 'ended')
        throw new PhoneError('invalid-state', `line ${active.line} is no consultation call`);
      return this.#attended(original, active);
    }
    const call = answeredOn(active);
    if (options.otherLine === true) {
      const other = lines.calls().find((c) => c !== call && c.state !== 'ended');
      if (other === undefined) throw new PhoneError('no-call', 'no call on the other line');
      return this.#attended(call, other);
    }
    if (options.consult === true) return this.#consult(call, destination!);
    if (destination === undefined) throw new PhoneError('bad-argument', 'a destination is missing');
    const target = expandTarget(destination, this.#ctx.profiles.get(call.profile)).uri;
    await this.#refer(call, target, 'blind');
  }

  /** Holds the call and calls the transfer target on a free line (Twinkle's setup_consultation_call). */
  async #consult(call: Call, destination: string): Promise<void> {
    const ctx = this.#ctx;
    const profile = ctx.profiles.get(call.profile);
    expandTarget(destination, profile); // a bad address fails before anything changes
    const free = ctx.lines.occupied().findIndex((busy) => !busy) + 1;
    if (free === 0) throw new PhoneError('line-busy', 'no free line for a consultation call');
    if (!call.held) await call.setHold(true);
    const consult = this.#dialer.dial(free, profile, destination, {
      subject: `Call transfer - ${call.peer}`,
      // Twinkle: one unforked early dialog, so a transfer may replace it while it rings.
      ...(profile.profile.allowXferConsultInprog ? { headers: [['Request-Disposition', 'no-fork']] } : {}),
    });
    this.#consults.set(consult, call);
    void consult.session.ended().then(() => this.#consults.delete(consult));
    ctx.lines.active = free;
    ctx.emit({ type: 'line', line: free });
    this.#emit(call.line, 'consulting', { consultLine: free, target: consult.peer });
  }

  /**
   * Transfers `from` to the far end of `to` (Twinkle's refer(line, line)):
   * attended with Replaces when that far end supports it, else a
   * consultation transfer: `to` is ended and `from` referred to its party.
   */
  async #attended(from: Call, to: Call): Promise<void> {
    const p = this.#ctx.profiles.get(from.profile).profile;
    // allow_xfer_consult_inprog: a consultation call still ringing is replaced as it is (Twinkle assumes Replaces).
    const ringing = !to.answered && p.allowXferConsultInprog && this.#consults.get(to) === from;
    if ((!to.answered && !ringing) || to.state === 'ended')
      throw new PhoneError('invalid-state', `line ${to.line} has no answered call to transfer to`);
    const id = to.session.dialogId;
    if (id !== undefined && (ringing || peerSupportsReplaces(to, this.#seen(to)))) {
      const target = referTargetOf(this.#ctx.ua, to, p.attendedReferToAor);
      let referTo = referToWithReplaces(asNameAddr(`<${target}>`), replacesFor(id));
      // Referred to an AOR, Require: replaces lets only the phone holding the dialog take it (RFC 5589 7.3).
      const uri = referTo.uri;
      if (p.attendedReferToAor && isSipUri(uri))
        referTo = {
          ...referTo,
          uri: { ...uri, headers: [...uri.headers, { name: 'Require', value: 'replaces' }] },
        };
      await this.#refer(from, target, 'attended', referTo, to);
      return;
    }
    const target = to.peer;
    await to.end(603);
    await this.#refer(from, target, 'consultation');
  }

  /** `replaced`: the consultation call the target should end once it took the transferee (attended). */
  async #refer(
    call: Call,
    target: string,
    mode: TransferMode,
    referTo?: NameAddr,
    replaced?: Call,
  ): Promise<void> {
    const ctx = this.#ctx;
    const profile = ctx.profiles.get(call.profile);
    let heldHere = false;
    if (profile.profile.referrerHold && !call.held) {
      await call.setHold(true).catch(() => {});
      heldHere = call.held;
    }
    const line = call.line;
    const referral = this.#send(call, referTo ?? asNameAddr(`<${target}>`), `<${profile.aor}>`);
    this.#emit(line, 'requested', { mode, target });
    referral.progress.on((s) => {
      if (s.status < 200) this.#emit(line, 'progress', { mode, target, status: s.status, reason: s.reason });
    });
    void referral.outcome.then(async (o) => {
      // RFC 4488: accepted without a subscription, nothing more will be known; take it as done.
      const ok = (o.kind === 'final' && o.status.status < 300) || o.kind === 'accepted-no-subscription';
      if (ok) {
        this.#emit(line, 'succeeded', { mode, target, ...(o.kind === 'final' ? statusOf(o.status) : {}) });
        // RFC 5589 section 6: the transferor ends its call once the transfer succeeded.
        if (call.state !== 'ended') await call.end(603);
        // The target ends the replaced dialog (RFC 3891 section 3); one that does not is hung up here.
        if (replaced !== undefined)
          ctx.ua.clock.setTimer(REPLACED_END_WAIT_MS, () => {
            if (replaced.state !== 'ended') void replaced.end(603);
          });
        return;
      }
      const status =
        o.kind === 'final' ? statusOf(o.status) : o.kind === 'rejected' ? { status: o.status } : {};
      this.#emit(line, 'failed', { mode, target, ...status });
      if (heldHere && call.state !== 'ended') await call.setHold(false).catch(() => {});
    });
  }
}

const statusOf = (s: { status: number; reason: string }) => ({ status: s.status, reason: s.reason });

function answeredOn(call: Call): Call {
  if (!call.answered || call.state === 'ended')
    throw new PhoneError('invalid-state', `line ${call.line} has no answered call to transfer`);
  return call;
}
