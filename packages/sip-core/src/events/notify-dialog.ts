/**
 * NOTIFYs at the subscriber. The dialog made by a NOTIFY that arrives before the 2xx, or
 * from another fork (RFC 6665 4.1.2.4): we are its UAC (we sent the
 * SUBSCRIBE/REFER), but its route set and remote target come from the
 * NOTIFY, a request we receive (RFC 3261 12.1.1: Record-Route in order).
 */
import { Dialog, type DialogContext } from '../dialog/dialog.js';
import { eventId } from '../headers/event.js';
import type { SubscriptionState } from '../headers/types.js';
import { createResponse } from '../message/build.js';
import type { SipRequest } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/types.js';

/** The dialog `notify` creates for our `request`; undefined without the tags and Call-ID a dialog needs. */
export function dialogFromNotify(
  notify: SipRequest,
  request: SipRequest,
  context: DialogContext,
): Dialog | undefined {
  const from = notify.from;
  const local = request.from;
  if (from?.tag === undefined || local?.tag === undefined || notify.callId === undefined) return undefined;
  const contact = notify.contact;
  return new Dialog(
    {
      id: { callId: notify.callId, localTag: local.tag, remoteTag: from.tag },
      role: 'uac',
      state: 'confirmed',
      local,
      remote: from,
      remoteTarget: (contact !== undefined && contact !== '*' ? contact[0]?.uri : undefined) ?? from.uri,
      routeSet: notify.get('record-route') ?? [],
      localSeq: request.cseq?.seq,
      remoteSeq: undefined,
      secure: request.uri?.scheme === 'sips',
    },
    context,
  );
}

/**
 * Answers a NOTIFY of a subscription: 400 without a usable
 * Subscription-State (RFC 6665 4.1.3, 8.2.3), 500 out of CSeq order
 * (RFC 3261 12.2.2), 481 when the subscription is gone, else 200 after the
 * remote target refresh (NOTIFY is a target refresh request, RFC 6665 4.1.2.4).
 * Returns the state to act on after a 200.
 */
export function answerNotify(
  tx: ServerTransaction,
  dialog: Dialog | undefined,
  live: boolean,
): SubscriptionState | undefined {
  const req = tx.request;
  const ss = req.parsed('subscription-state');
  if (!ss.ok || ss.value === undefined) {
    tx.respond(createResponse(req, 400, 'Bad Subscription-State'));
    return undefined;
  }
  if (dialog !== undefined && !dialog.acceptRemoteCSeq(req)) {
    tx.respond(createResponse(req, 500, 'CSeq Out of Order'));
    return undefined;
  }
  if (!live) {
    tx.respond(createResponse(req, 481, 'Subscription Does Not Exist'));
    return undefined;
  }
  dialog?.refreshRemoteTarget(req);
  tx.respond(createResponse(req, 200));
  return ss.value;
}

/** Whether a request's Event names this package and id (RFC 6665 8.2.1); `anyId` also takes one without id. */
export function eventMatches(
  request: SipRequest,
  event: string,
  id: string | undefined,
  anyId: boolean,
): boolean {
  const ev = request.get('event');
  if (ev === undefined || ev.value !== event) return false;
  const got = eventId(ev);
  return got === id || (got === undefined && anyId);
}
