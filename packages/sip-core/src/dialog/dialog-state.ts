/**
 * The dialog state table (RFC 3261 sections 12 and 12.3; RFC 5057 for
 * several usages). Unknown inputs leave the state as it is.
 */

export type DialogState = 'early' | 'confirmed' | 'terminated';

/** What moves a dialog. */
export type DialogInput =
  /** A 2xx to the dialog-forming request was sent or received (RFC 3261 12.1, 13.2.2.4, 13.3.1.4). */
  | 'confirm'
  /** A non-2xx final response ends an early dialog (RFC 3261 12.3); a forked 2xx on another fork ends the rest. */
  | 'fail'
  /** The last usage ended: BYE, subscription terminated, 481/408 on an in-dialog request (RFC 3261 15, 12.2.1.2; RFC 5057). */
  | 'end';

export const DIALOG_TABLE: Readonly<Record<DialogState, Partial<Record<DialogInput, DialogState>>>> = {
  early: { confirm: 'confirmed', fail: 'terminated', end: 'terminated' },
  confirmed: { end: 'terminated' },
  terminated: {},
};
