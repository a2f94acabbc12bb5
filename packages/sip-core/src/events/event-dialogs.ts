/**
 * Dialogs the event framework makes (subscription and REFER dialogs): kept
 * in the registry, marked as not INVITE dialogs (RFC 3891 3), given the
 * agent's usage so new SUBSCRIBEs and REFERs inside them are served
 * (RFC 6665 4.5.2), and ended when their last subscription goes (RFC 5057).
 */
import type { Dialog, DialogUsage } from '../dialog/dialog.js';
import type { DialogRegistry } from '../dialog/dialog-registry.js';
import { markEventDialog } from './replaces.js';

/** What owning a dialog takes; see {@link EventDialogs}. */
export interface DialogOwner {
  /** Registers a dialog the framework made. */
  own(dialog: Dialog): void;
  /** A usage of an owned dialog ended: the dialog ends when no subscription is left. */
  release(dialog: Dialog): void;
}

export class EventDialogs implements DialogOwner {
  readonly #registry: DialogRegistry;
  readonly #usage: DialogUsage;
  readonly #owned = new WeakMap<Dialog, () => void>();

  constructor(registry: DialogRegistry, usage: DialogUsage) {
    this.#registry = registry;
    this.#usage = usage;
  }

  own(dialog: Dialog): void {
    if (this.#owned.has(dialog)) return;
    markEventDialog(dialog);
    this.#registry.add(dialog);
    this.#owned.set(dialog, dialog.addUsage(this.#usage));
  }

  release(dialog: Dialog): void {
    const off = this.#owned.get(dialog);
    if (off === undefined || dialog.usages.some((u) => u !== this.#usage)) return;
    off();
    this.#owned.delete(dialog);
    dialog.terminate();
  }
}
