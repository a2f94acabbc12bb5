/**
 * What the transfer module reads of a call: whether its far end supports
 * Replaces, where to refer a party to reach it, and the outcome of its INVITE.
 */
import type { SipMessage, UserAgent } from '@twinkle/sip-core';
import { formatUri } from '@twinkle/sip-core';
import type { Call } from '../engine/call.js';
import type { InviteServerSession } from '../engine/sip-types.js';

/** Option tags of every Supported header line of a message (RFC 3261 20.37), lower case. */
export function supportedTags(m: SipMessage | undefined): string[] {
  if (m === undefined) return [];
  return m
    .headers('supported')
    .flatMap((line) => line.split(','))
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
}

/**
 * Whether the far end of a call said it supports Replaces (RFC 3891 section 6):
 * in the INVITE it sent us, or in a response to ours (the session keeps the
 * peer's Supported tags; `seen` holds those of provisional responses).
 */
export function peerSupportsReplaces(call: Call, seen: readonly string[] = []): boolean {
  const tags = [...seen, ...call.session.peerSupported];
  if (call.direction === 'in') tags.push(...supportedTags((call.session as InviteServerSession).request));
  return tags.includes('replaces');
}

/**
 * Where a party is referred to reach the far end of `call` (RFC 5589 section
 * 7.3): its remote target (Contact), or its address of record when
 * attended_refer_to_aor is set (the Contact may not be reachable from elsewhere).
 */
export function referTargetOf(ua: UserAgent, call: Call, toAor: boolean): string {
  const id = call.session.dialogId;
  const dialog = id === undefined ? undefined : ua.dialogs.get(id);
  if (toAor || dialog === undefined) return call.peer;
  return formatUri(dialog.remoteTarget);
}

/**
 * Settles when a call's INVITE did: fulfilled once it is answered, rejected
 * with `{ status }` when it ended before (the status of its final response).
 */
export function answeredOrFailed(call: Call): Promise<void> {
  if (call.answered) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const off = call.session.stateChange.on((e) => {
      if (e.state === 'established') {
        off();
        resolve();
      } else if (e.state === 'terminated') {
        off();
        const status = e.reason?.status ?? 500;
        reject(Object.assign(new Error(e.reason?.text ?? `call failed (${status})`), { status }));
      }
    });
    if (call.session.state === 'terminated') {
      off();
      reject(Object.assign(new Error('call ended'), { status: call.session.reason?.status ?? 500 }));
    }
  });
}
