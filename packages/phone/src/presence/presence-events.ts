/** What presence reports to the phone's listeners (and the console's `--json`). */

/** Twinkle's states of a buddy: unknown until a NOTIFY says, failed/rejected when the subscription did. */
export type BuddyState = 'online' | 'offline' | 'unknown' | 'failed' | 'rejected';

/** A buddy's presence changed. */
export interface PresenceEvent {
  readonly type: 'presence';
  readonly profile: string;
  /** The buddy's name in the buddy list. */
  readonly buddy: string;
  readonly uri: string;
  readonly state: BuddyState;
  /** The PIDF note, when the buddy gave one. */
  readonly note?: string;
}

/** Our own published state (PUBLISH, RFC 3903). */
export interface PresencePublishEvent {
  readonly type: 'presence-published';
  readonly profile: string;
  readonly state: 'online' | 'offline';
  /** The final response to the PUBLISH. */
  readonly status: number;
  readonly reason: string;
}
