/**
 * The referrer side of REFER (RFC 3515): the REFER inside a dialog or out
 * of one, Refer-To with an embedded Replaces (RFC 3891 7.1), Referred-By
 * (RFC 3892), norefersub (RFC 4488), and the implicit subscription whose
 * message/sipfrag NOTIFYs report the referee's progress (RFC 3515 2.4.4,
 * 2.4.5; RFC 3420).
 */
import { Dialog } from '../dialog/dialog.js';
import { formatNameAddr } from '../headers/name-addr-format.js';
import type { NameAddr, Replaces } from '../headers/types.js';
import type { HeadersInit } from '../message/assemble.js';
import { type FieldInit, toFields } from '../message/assemble.js';
import type { SipResponse } from '../message/sip-message.js';
import { Emitter } from '../util/emitter.js';
import { type AddressInput, toNameAddr, type UriInput } from './initial-request.js';
import { parseSipfragStatus, type SipfragStatus } from './packages/sipfrag.js';
import { referToWithReplaces } from './replaces.js';
import { safeEmit } from './safe-emit.js';
import { Subscription } from './subscription.js';
import type { SubscriptionEnd } from './subscription-end.js';
import type { SubscriberHost } from './subscription-types.js';

/** Where a REFER goes: inside a dialog, or to a target out of dialog. */
export type ReferDestination =
  | Dialog
  | { readonly target: UriInput; readonly from: AddressInput; readonly to?: AddressInput };

/** Options of a REFER. */
export interface ReferOptions {
  /** A dialog to name in the Refer-To URI, for attended transfer (RFC 3891 7.1). */
  readonly replaces?: Replaces;
  /** Referred-By (RFC 3892): who is referring. */
  readonly referredBy?: AddressInput;
  /** Ask for no implicit subscription (RFC 4488: Refer-Sub: false, Supported: norefersub). */
  readonly norefersub?: boolean;
  readonly headers?: HeadersInit;
}

/** The headers of a REFER: Refer-To (with Replaces embedded), Referred-By, Refer-Sub/Supported for norefersub, extras. */
export function referHeaders(referTo: AddressInput, options: ReferOptions = {}): FieldInit[] {
  let target: NameAddr = toNameAddr(referTo);
  if (options.replaces !== undefined) target = referToWithReplaces(target, options.replaces);
  const headers = [{ name: 'Refer-To', value: formatNameAddr({ ...target, bracketed: true }) }];
  if (options.referredBy !== undefined)
    headers.push({ name: 'Referred-By', value: formatNameAddr(toNameAddr(options.referredBy)) });
  // RFC 4488 4: ask for no implicit subscription.
  if (options.norefersub === true)
    headers.push({ name: 'Refer-Sub', value: 'false' }, { name: 'Supported', value: 'norefersub' });
  headers.push(...toFields(options.headers));
  return headers;
}

/** How a referral ended, as the referrer sees it. */
export type ReferOutcome =
  /** The REFER was refused (RFC 3515 2.4.2). */
  | { readonly kind: 'rejected'; readonly status: number }
  /** Accepted without a subscription (RFC 4488): nothing more will be known. */
  | { readonly kind: 'accepted-no-subscription'; readonly response: SipResponse }
  /** The final status of the referee's request, from the last sipfrag (RFC 3515 2.4.5). */
  | { readonly kind: 'final'; readonly status: SipfragStatus }
  /** The subscription ended without a final sipfrag. */
  | { readonly kind: 'ended'; readonly end: SubscriptionEnd };

/** One REFER and its implicit subscription. */
export class Referral {
  /** The implicit subscription (Event: refer;id=CSeq of the REFER). */
  readonly subscription: Subscription;
  /** Each status the referee reports (1xx progress and the final one). */
  readonly progress = new Emitter<SipfragStatus>();
  /** Settles once the outcome is known. */
  readonly outcome: Promise<ReferOutcome>;
  #last: SipfragStatus | undefined;
  #accepted: SipResponse | undefined;

  constructor(
    host: SubscriberHost,
    destination: ReferDestination,
    referTo: AddressInput,
    options: ReferOptions = {},
  ) {
    const headers = referHeaders(referTo, options);
    const where = destination instanceof Dialog ? { dialog: destination } : destination;
    this.subscription = new Subscription(
      host,
      { event: 'refer', ...where, resubscribe: false },
      { method: 'REFER', initialHeaders: headers },
    );
    this.outcome = new Promise((resolve) => {
      this.subscription.response.once((response) => {
        if (response.status >= 300) resolve({ kind: 'rejected', status: response.status });
      });
      this.subscription.notify.on((n) => {
        const frag = parseSipfragStatus(n.body);
        if (!frag.ok) return;
        this.#last = frag.value;
        safeEmit(this.progress, frag.value, host.ctx.logger);
        if (frag.value.status >= 200) resolve({ kind: 'final', status: frag.value });
      });
      this.subscription.ended.once((end) => {
        const accepted = this.#accepted;
        if (end.reason === 'norefersub' && accepted !== undefined)
          resolve({ kind: 'accepted-no-subscription', response: accepted });
        const last = this.#last;
        if (last !== undefined && last.status >= 200) resolve({ kind: 'final', status: last });
        resolve({ kind: 'ended', end });
      });
    });
    this.subscription.response.on((r) => {
      this.#accepted = r;
    });
  }

  /** The last status reported. */
  get lastStatus(): SipfragStatus | undefined {
    return this.#last;
  }

  /** Sends the REFER. */
  start(): this {
    this.subscription.start();
    return this;
  }
}
