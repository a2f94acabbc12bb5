/** The shapes a subscriber works with (RFC 6665 section 4.1). */
import type { Dialog } from '../dialog/dialog.js';
import type { SubscriptionState } from '../headers/types.js';
import type { HeadersInit } from '../message/assemble.js';
import type { SipRequest } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/types.js';
import type { EventsContext } from './context.js';
import type { AddressInput, UriInput } from './initial-request.js';

/** A NOTIFY received for a subscription (already answered with 200). */
export interface SubscriptionNotify {
  readonly request: SipRequest;
  readonly state: SubscriptionState;
  readonly body: Uint8Array;
  /** Content-Type as written, lower-cased type/subtype, or undefined without a body. */
  readonly contentType: string | undefined;
}

/** Options of a subscription. */
export interface SubscribeOptions {
  /** The event package (Event header type, RFC 6665 7.2.1). */
  readonly event: string;
  /** The Event `id` parameter, to tell subscriptions of one dialog apart (RFC 6665 7.2.1). */
  readonly id?: string;
  /** Request-URI of an out-of-dialog SUBSCRIBE. */
  readonly target?: UriInput;
  /** Our address of record (From) for an out-of-dialog SUBSCRIBE. */
  readonly from?: AddressInput;
  /** To of an out-of-dialog SUBSCRIBE (default: the target). */
  readonly to?: AddressInput;
  /** Subscribe inside this dialog instead (RFC 6665 4.5.2, dialog reuse). */
  readonly dialog?: Dialog;
  /** Accept: the body types we understand (RFC 6665 4.1.2.1). */
  readonly accept?: readonly string[];
  /** Requested duration in seconds (default 3600). */
  readonly expires?: number;
  readonly headers?: HeadersInit;
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
  /** Subscribe again when the notifier ends with deactivated/probation/timeout/giveup (default true). */
  readonly resubscribe?: boolean;
}

/** The link between a subscription and the agent that routes requests to it. */
export interface SubscriberHost {
  readonly ctx: EventsContext;
  /** Routes NOTIFYs whose To tag matches no dialog yet (RFC 6665 4.1.2.4) to `handler`. */
  watch(callId: string, localTag: string, handler: (tx: ServerTransaction) => boolean): () => void;
  /** Registers a dialog the framework made (not an INVITE dialog). */
  own(dialog: Dialog): void;
  /** A subscription left an owned dialog: it ends when none is left. */
  release(dialog: Dialog): void;
}

/** How the subscription is asked for: SUBSCRIBE, or REFER with its implicit subscription (RFC 3515 2.4.4). */
export interface SubscriptionKind {
  readonly method: 'SUBSCRIBE' | 'REFER';
  /** The headers of the initial request besides Event/Expires/Accept (Refer-To, Referred-By...). */
  readonly initialHeaders?: HeadersInit;
}

/** Event, Expires and Accept of a SUBSCRIBE (RFC 6665 4.1.2.1, 7.2.1). */
export function subscribeHeaders(
  event: string,
  id: string | undefined,
  expires: number,
  accept: readonly string[] | undefined,
): { name: string; value: string }[] {
  const out = [
    { name: 'Event', value: id === undefined ? event : `${event};id=${id}` },
    { name: 'Expires', value: String(expires) },
  ];
  if (accept !== undefined) out.push({ name: 'Accept', value: accept.join(', ') });
  return out;
}
