/**
 * Replaces (RFC 3891) both ways: the value that names one of our dialogs
 * for a peer to replace (attended transfer, section 7.1 inside a Refer-To),
 * and the lookup of the dialog an incoming INVITE with Replaces names
 * (section 3), with the responses the RFC asks for when none fits.
 */
import type { Dialog } from '../dialog/dialog.js';
import type { DialogId } from '../dialog/dialog-id.js';
import type { DialogRegistry } from '../dialog/dialog-registry.js';
import { UNRESERVED } from '../grammar/chars.js';
import { escapeUriComponent } from '../grammar/escape.js';
import { formatReplaces, parseReplaces } from '../headers/replaces.js';
import type { NameAddr, Replaces } from '../headers/types.js';
import type { SipRequest } from '../message/sip-message.js';
import { isSipUri } from '../uri/format.js';
import { EventsError } from './context.js';
import { type AddressInput, toNameAddr } from './initial-request.js';

/** Dialogs the event framework made (subscription dialogs): never replaced by an INVITE. */
const eventDialogs = new WeakSet<Dialog>();

/** Marks a dialog as made by the event framework. */
export function markEventDialog(dialog: Dialog): void {
  eventDialogs.add(dialog);
}

/** True for a dialog made by SUBSCRIBE/REFER/NOTIFY rather than INVITE. */
export const isEventDialog = (dialog: Dialog): boolean => eventDialogs.has(dialog);

/**
 * The Replaces value naming `dialog` for its peer or a third party
 * (RFC 3891 6.1): to-tag is the peer's tag (the local tag at the UA that
 * will match it) and from-tag ours.
 */
export function replacesForDialog(dialog: Dialog, options: { earlyOnly?: boolean } = {}): Replaces {
  return replacesFor(dialog.id, options);
}

/** The Replaces value for a dialog id seen from our side (a session's `dialogId`). */
export function replacesFor(id: DialogId, options: { earlyOnly?: boolean } = {}): Replaces {
  return {
    callId: id.callId,
    toTag: id.remoteTag,
    fromTag: id.localTag,
    earlyOnly: options.earlyOnly === true,
    params: [],
  };
}

/** The Replaces header field of an INVITE that replaces `dialog` (RFC 3891 section 6). */
export function replacesHeader(
  dialog: Dialog,
  options: { earlyOnly?: boolean } = {},
): { name: string; value: string } {
  return { name: 'Replaces', value: formatReplaces(replacesForDialog(dialog, options)) };
}

/**
 * A Refer-To address whose URI carries `replaces` escaped as a URI header
 * (RFC 3891 7.1: `<sip:carol@h?Replaces=call%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>`).
 */
export function referToWithReplaces(target: AddressInput, replaces: Replaces): NameAddr {
  const na = toNameAddr(target);
  const uri = na.uri;
  if (!isSipUri(uri)) throw new EventsError('bad-argument', 'Replaces needs a sip or sips Refer-To URI');
  // Every character outside the unreserved set is escaped: `;`, `=` and `@` must not show in an hvalue.
  const value = escapeUriComponent(formatReplaces(replaces), UNRESERVED);
  const headers = [
    ...uri.headers.filter((h) => h.name.toLowerCase() !== 'replaces'),
    { name: 'Replaces', value },
  ];
  return { ...na, uri: { ...uri, headers }, bracketed: true };
}

/** What a Replaces lookup found: the thing to replace, or the response to send instead. */
export type ReplacesMatch<T = Dialog> =
  | { readonly ok: true; readonly dialog: T; readonly replaces: Replaces }
  | { readonly ok: false; readonly status: 400 | 481 | 486 | 603; readonly reason: string };

/** What the rules of RFC 3891 section 3 need to know of a matched dialog. */
export interface ReplaceableState {
  readonly state: 'early' | 'confirmed' | 'terminated';
  /** We sent the INVITE that made it. */
  readonly ours: boolean;
  /** It was made by INVITE (not SUBSCRIBE, REFER...). */
  readonly invite: boolean;
}

/**
 * The rules of RFC 3891 section 3 over any store of dialogs: `lookup` finds
 * by id (to-tag as our tag, from-tag as the peer's), `describe` tells its
 * state. Undefined when the INVITE has no Replaces.
 */
export function matchReplaces<T>(
  invite: SipRequest,
  lookup: (id: DialogId) => T | undefined,
  describe: (found: T) => ReplaceableState,
): ReplacesMatch<T> | undefined {
  const lines = invite.headers('replaces');
  if (lines.length === 0) return undefined;
  if (lines.length > 1) return { ok: false, status: 400, reason: 'More Than One Replaces' };
  const r = parseReplaces(lines[0]!);
  if (!r.ok) return { ok: false, status: 400, reason: 'Bad Replaces Header' };
  const replaces = r.value;
  const found = lookup({ callId: replaces.callId, localTag: replaces.toTag, remoteTag: replaces.fromTag });
  if (found === undefined) return { ok: false, status: 481, reason: 'Call Does Not Exist' };
  const d = describe(found);
  if (!d.invite) return { ok: false, status: 481, reason: 'Call Does Not Exist' };
  switch (d.state) {
    case 'terminated':
      return { ok: false, status: 603, reason: 'Declined' };
    case 'confirmed':
      if (replaces.earlyOnly) return { ok: false, status: 486, reason: 'Busy Here' };
      return { ok: true, dialog: found, replaces };
    default:
      if (!d.ours) return { ok: false, status: 481, reason: 'Call Does Not Exist' };
      return { ok: true, dialog: found, replaces };
  }
}

/** Options of {@link findReplacedDialog}. */
export interface FindReplacedOptions {
  /** Whether a dialog was made by INVITE (default: every dialog not made by the event framework). */
  readonly isInviteDialog?: (dialog: Dialog) => boolean;
}

/**
 * The dialog of a DialogRegistry an INVITE with Replaces asks to replace
 * (RFC 3891 section 3), or the response to send instead; undefined when the
 * INVITE has no Replaces. A confirmed dialog is replaced unless
 * `early-only` is set (486); an early dialog only when we sent its INVITE
 * (481 otherwise); a dialog not made by INVITE, or none, gives 481; several
 * Replaces give 400.
 */
export function findReplacedDialog(
  dialogs: DialogRegistry,
  invite: SipRequest,
  options: FindReplacedOptions = {},
): ReplacesMatch | undefined {
  const isInvite = options.isInviteDialog ?? ((d: Dialog) => !isEventDialog(d));
  return matchReplaces(
    invite,
    (id) => dialogs.get(id),
    (d) => ({ state: d.state, ours: d.role === 'uac', invite: isInvite(d) }),
  );
}

/** The parts of an INVITE session (src/session) a Replaces lookup reads; structural. */
export interface ReplaceableSession {
  readonly dialogId: DialogId | undefined;
  readonly state: string;
}

/**
 * The session an INVITE with Replaces asks to replace, among `sessions`
 * (SessionLayer.sessions), by the same rules. `ours(session)` tells an
 * outgoing session (default: one with an `invite` method, as
 * InviteClientSession has). An `established` session counts as confirmed.
 */
export function findReplacedSession<S extends ReplaceableSession>(
  sessions: Iterable<S>,
  invite: SipRequest,
  ours: (session: S) => boolean = (s) => typeof (s as { invite?: unknown }).invite === 'function',
): ReplacesMatch<S> | undefined {
  const list = [...sessions];
  return matchReplaces(
    invite,
    (id) =>
      list.find(
        (s) =>
          s.dialogId !== undefined &&
          s.dialogId.callId === id.callId &&
          s.dialogId.localTag === id.localTag &&
          s.dialogId.remoteTag === id.remoteTag,
      ),
    (s) => ({
      state: s.state === 'established' ? 'confirmed' : s.state === 'terminated' ? 'terminated' : 'early',
      ours: ours(s),
      invite: true,
    }),
  );
}
