/** What instant messaging reports to the phone's listeners (and the console's `--json`). */

/** A MESSAGE arrived (RFC 3428). */
export interface MessageReceivedEvent {
  readonly type: 'message';
  readonly profile: string;
  /** The sender as written in From (`"Bob" <sip:bob@example.com>`). */
  readonly from: string;
  /** The sender's URI. */
  readonly fromUri: string;
  readonly to: string;
  readonly subject?: string;
  readonly contentType: string;
  /** The text of a text/* body. */
  readonly text?: string;
  /** Another body type: where it was saved and its name (Content-Disposition filename). */
  readonly attachment?: { readonly path: string; readonly filename: string; readonly size: number };
}

/** The peer is typing, or stopped (RFC 3994). */
export interface MessageComposingEvent {
  readonly type: 'message-composing';
  readonly profile: string;
  readonly fromUri: string;
  readonly state: 'active' | 'idle';
}
