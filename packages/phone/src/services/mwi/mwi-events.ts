/** What MWI reports to the phone's listeners (and the console's `--json`). */

/** Message counts of one profile's mailbox (RFC 3842), sent whenever a NOTIFY brings them. */
export interface MwiEvent {
  readonly type: 'mwi';
  readonly profile: string;
  /** Messages-Waiting. */
  readonly waiting: boolean;
  /** Voice messages: new and old, and the urgent ones among them when the server says. */
  readonly newMessages: number;
  readonly oldMessages: number;
  readonly newUrgent?: number;
  readonly oldUrgent?: number;
  /** Message-Account, the mailbox URI, when given. */
  readonly account?: string;
  /** Through our subscription (mwi_sollicited) or an unsolicited NOTIFY (as Asterisk sends). */
  readonly solicited: boolean;
}

/** The state of a profile's MWI subscription. */
export interface MwiSubscriptionEvent {
  readonly type: 'mwi-subscription';
  readonly profile: string;
  readonly state: 'subscribing' | 'active' | 'pending' | 'failed' | 'terminated';
  /** Why it failed or ended: `404`, `no-notify`, `timeout`... */
  readonly reason?: string;
  /** Seconds until the next attempt after a failure. */
  readonly retryIn?: number;
}
