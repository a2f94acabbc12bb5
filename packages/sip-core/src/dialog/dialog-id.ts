/**
 * Dialog identifiers (RFC 3261 section 12): Call-ID, local tag and remote
 * tag, seen from our side. For a request we receive the local tag is in To
 * and the remote one in From; for a response to our request the other way.
 */
import type { SipRequest, SipResponse } from '../message/sip-message.js';

/** A dialog id from our side (RFC 3261 12). */
export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
}

/** A map key for a dialog id. Tags and Call-IDs compare case-sensitively (RFC 3261 19.3, 20.8). */
export const dialogKey = (id: DialogId): string => `${id.callId}\u0000${id.localTag}\u0000${id.remoteTag}`;

/** The dialog id a received request belongs to; undefined when To has no tag (out of dialog). */
export function dialogIdOfRequest(request: SipRequest): DialogId | undefined {
  const callId = request.callId;
  const localTag = request.to?.tag;
  if (callId === undefined || localTag === undefined) return undefined;
  return { callId, localTag, remoteTag: request.from?.tag ?? '' };
}

/** The dialog id of a response to a request we sent; undefined without a To tag. */
export function dialogIdOfResponse(response: SipResponse): DialogId | undefined {
  const callId = response.callId;
  const remoteTag = response.to?.tag;
  const localTag = response.from?.tag;
  if (callId === undefined || remoteTag === undefined || localTag === undefined) return undefined;
  return { callId, localTag, remoteTag };
}
