import type { CallDirection, CallRecord } from './call-record.js';

/** A party of a call as taken from a From/To/Referred-By header. */
export interface CallParty {
  readonly display?: string;
  /** The URI as text, e.g. `sip:bob@example.com`. */
  readonly uri: string;
  readonly organization?: string;
}

/** What is known when a call starts (the INVITE sent or received). */
export interface CallStart {
  readonly direction: CallDirection;
  /** Unix seconds. */
  readonly time: number;
  readonly from: CallParty;
  readonly to: CallParty;
  readonly profile: string;
  readonly replyTo?: CallParty;
  readonly referredBy?: CallParty;
  readonly subject?: string;
  /** User-Agent of an incoming INVITE. */
  readonly farEndDevice?: string;
}

/**
 * A record for a call that has just started (Twinkle's start_call). The call
 * layer then applies answered(), failed() and ended() and adds the result to
 * the CallHistory.
 */
export const startCallRecord = (s: CallStart): CallRecord => ({
  timeStart: s.time,
  timeAnswer: 0,
  timeEnd: 0,
  direction: s.direction,
  fromDisplay: s.from.display ?? '',
  fromUri: s.from.uri,
  fromOrganization: s.from.organization ?? '',
  toDisplay: s.to.display ?? '',
  toUri: s.to.uri,
  toOrganization: s.to.organization ?? '',
  replyToDisplay: s.replyTo?.display ?? '',
  replyToUri: s.replyTo?.uri ?? '',
  referredByDisplay: s.referredBy?.display ?? '',
  referredByUri: s.referredBy?.uri ?? '',
  subject: s.subject ?? '',
  releaseCause: 'local user',
  inviteResponseCode: 0,
  inviteResponseReason: '',
  farEndDevice: s.farEndDevice ?? '',
  userProfile: s.profile,
});

/** The far end's final response details (Organization and Server of an outgoing call's response). */
export interface FinalResponse {
  readonly time: number;
  readonly code: number;
  readonly reason: string;
  readonly organization?: string;
  /** Server header of the response, kept for outgoing calls as Twinkle does. */
  readonly server?: string;
}

const withResponse = (r: CallRecord, resp: FinalResponse): Partial<CallRecord> => ({
  inviteResponseCode: resp.code,
  inviteResponseReason: resp.reason,
  ...(resp.organization !== undefined ? { toOrganization: resp.organization } : {}),
  ...(r.direction === 'out' && resp.server !== undefined ? { farEndDevice: resp.server } : {}),
});

/** The call was answered with a 2xx (Twinkle's answer_call). */
export const answeredCall = (r: CallRecord, resp: FinalResponse): CallRecord => ({
  ...r,
  ...withResponse(r, resp),
  timeAnswer: resp.time,
});

/**
 * The call failed with a final non-2xx (Twinkle's fail_call): an incoming call
 * that fails (cancelled 487, rejected 486/603, unanswered 480) is a missed call.
 */
export const failedCall = (r: CallRecord, resp: FinalResponse): CallRecord => ({
  ...r,
  ...withResponse(r, resp),
  timeEnd: resp.time,
  releaseCause: 'failure',
});

/** An answered call ended by BYE: `far` when the far end hung up (Twinkle's end_call). */
export const endedCall = (r: CallRecord, time: number, by: 'local' | 'far'): CallRecord => ({
  ...r,
  timeEnd: time,
  releaseCause: by === 'far' ? 'remote user' : 'local user',
});
