/**
 * The dialogs of a user agent, keyed by dialog id (RFC 3261 12.2.2 request
 * matching, 12.2.1.2 and 13.2.2.4 response matching), with the forks of one
 * request grouped as a dialog set (several early dialogs from one INVITE,
 * differing by To tag: RFC 3261 12.1.2, 13.2.2.4).
 */
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Dialog } from './dialog.js';
import { type DialogId, dialogIdOfRequest, dialogIdOfResponse, dialogKey } from './dialog-id.js';

const setKey = (callId: string, localTag: string): string => `${callId}\u0000${localTag}`;

export class DialogRegistry {
  readonly #dialogs = new Map<string, Dialog>();
  readonly #sets = new Map<string, Set<Dialog>>();
  readonly #offs = new Map<Dialog, () => void>();

  /** Adds a dialog; it leaves the registry by itself when it terminates. Returns false for a duplicate id. */
  add(dialog: Dialog): boolean {
    if (this.#dialogs.has(dialog.key) || dialog.state === 'terminated') return false;
    this.#dialogs.set(dialog.key, dialog);
    const sk = setKey(dialog.id.callId, dialog.id.localTag);
    let set = this.#sets.get(sk);
    if (set === undefined) {
      set = new Set();
      this.#sets.set(sk, set);
    }
    set.add(dialog);
    this.#offs.set(
      dialog,
      dialog.stateChange.on((s) => {
        if (s === 'terminated') this.remove(dialog);
      }),
    );
    return true;
  }

  /** Removes a dialog (without changing its state). */
  remove(dialog: Dialog): void {
    if (this.#dialogs.get(dialog.key) !== dialog) return;
    this.#dialogs.delete(dialog.key);
    const sk = setKey(dialog.id.callId, dialog.id.localTag);
    const set = this.#sets.get(sk);
    set?.delete(dialog);
    if (set?.size === 0) this.#sets.delete(sk);
    this.#offs.get(dialog)?.();
    this.#offs.delete(dialog);
  }

  get(id: DialogId): Dialog | undefined {
    return this.#dialogs.get(dialogKey(id));
  }

  /** The dialog a received request belongs to (To tag local, From tag remote: RFC 3261 12.2.2). */
  matchRequest(request: SipRequest): Dialog | undefined {
    const id = dialogIdOfRequest(request);
    return id === undefined ? undefined : this.get(id);
  }

  /** The dialog a response to our request belongs to (From tag local, To tag remote). */
  matchResponse(response: SipResponse): Dialog | undefined {
    const id = dialogIdOfResponse(response);
    return id === undefined ? undefined : this.get(id);
  }

  /** Every dialog that came from one request of ours: same Call-ID and local tag, one per remote tag (forking). */
  forks(callId: string, localTag: string): readonly Dialog[] {
    const set = this.#sets.get(setKey(callId, localTag));
    return set === undefined ? [] : [...set];
  }

  get size(): number {
    return this.#dialogs.size;
  }

  /** Every dialog, in insertion order. */
  all(): readonly Dialog[] {
    return [...this.#dialogs.values()];
  }
}
