/**
 * What the transfer module reports, as plain data (printed by `--json`):
 * progress of a transfer we make (referrer), of one the far end asks of us
 * (referee), and a call replaced by an INVITE with Replaces (target).
 */

/** How a transfer is made (Twinkle's `transfer`, `transfer -c`, `transfer -l`). */
export type TransferMode =
  /** REFER to a destination the user typed (RFC 5589 section 6). */
  | 'blind'
  /** REFER to the party of a consultation call, which is ended first (RFC 5589 section 7.2). */
  | 'consultation'
  /** REFER whose Refer-To carries Replaces of the other call's dialog (RFC 5589 section 7.3, RFC 3891). */
  | 'attended';

/** The steps of a transfer. */
export type TransferState =
  /** Referrer: a consultation call to the target was started on another line; the call to transfer is held. */
  | 'consulting'
  /** Referrer: the REFER is on its way. */
  | 'requested'
  /** Referee: we accepted the REFER (202) and call the target. */
  | 'accepted'
  /** Referee: we refused the REFER (allow_refer off, or the user said no). */
  | 'refused'
  /** Either side: a provisional status of the call to the target (from the sipfrag NOTIFYs). */
  | 'progress'
  /** Either side: the target answered; the original call ends. */
  | 'succeeded'
  /** Either side: the REFER was refused or the call to the target failed. */
  | 'failed'
  /** Target: an INVITE with Replaces took the place of the call on this line (RFC 3891). */
  | 'replaced';

export interface TransferEvent {
  readonly type: 'transfer';
  /** The line of the call being transferred (referrer, referee) or replaced (target). */
  readonly line: number;
  readonly role: 'referrer' | 'referee' | 'target';
  readonly state: TransferState;
  readonly mode?: TransferMode;
  /** Where the call goes: the Refer-To URI (without its headers), or the replacing caller. */
  readonly target?: string;
  /** The line of the consultation call (`consulting`). */
  readonly consultLine?: number;
  /** The SIP status behind the step (the REFER's rejection, a sipfrag status). */
  readonly status?: number;
  readonly reason?: string;
}

/**
 * The far end asks to transfer the call on `line` to `target` and the profile
 * says ask_user_to_refer: answer with `Phone.answerTransfer(accept, line)`.
 */
export interface TransferRequestEvent {
  readonly type: 'transfer-request';
  readonly line: number;
  readonly target: string;
  /** Referred-By (RFC 3892): who asks, when the REFER says. */
  readonly referredBy?: string;
}
