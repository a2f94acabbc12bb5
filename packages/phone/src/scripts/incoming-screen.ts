/**
 * Screening an incoming INVITE before it rings, in Twinkle's order
 * (t_phone::recvd_invite): the incoming-call script decides (waited for,
 * bounded by the timeout; 100 Trying has gone out from the transaction
 * layer meanwhile), then the address book names the caller unless the
 * script did, then the script's action is carried out: reject (603), dnd
 * (480), redirect (302 to contact=), autoanswer, or continue.
 */
import { formatUri } from '@twinkle/sip-core';
import type { CallerNameSource } from '../addressbook/caller-name.js';
import type { PhoneContext } from '../engine/phone-context.js';
import type { ProfileState } from '../engine/profile-state.js';
import type { InviteServerSession } from '../engine/sip-types.js';
import type { ScriptAction } from './script-output.js';

/** What screening decided for a call that goes on to the ringing rules. */
export interface IncomingScreen {
  /** `autoanswer` bypasses do not disturb and forwarding and answers on the active line; `continue` changes nothing. */
  readonly action: Extract<ScriptAction, 'continue' | 'autoanswer'>;
  /** The name to show instead of the From display name (script caller_name, else the address book). */
  readonly callerName?: string;
  /** A ring tone file for this call (script ringtone=). */
  readonly ringtone?: string;
  /** The script's display_msg lines. */
  readonly messages: readonly string[];
}

/** Twinkle's rule for the address book lookup: ab_lookup_name, and ab_override_display or no display name. */
export function lookupCallerName(
  ctx: Pick<PhoneContext, 'options'>,
  source: CallerNameSource | undefined,
  session: InviteServerSession,
  profile: ProfileState,
): string | undefined {
  const s = ctx.options.settings;
  const from = session.request.from;
  if (source === undefined || from === undefined || !s.abLookupName) return undefined;
  if (!s.abOverrideDisplay && (from.displayName ?? '') !== '') return undefined;
  const name = source.findName(formatUri(from.uri), profile.profile);
  return name === undefined || name === '' ? undefined : name;
}

/** The parties of an incoming call with the caller named as screening said (display and From text). */
export function namedParties<
  T extends { readonly from: { display: string; uri: string }; readonly fromText: string },
>(parties: T, callerName: string | undefined): T {
  if (callerName === undefined || callerName === '') return parties;
  const quoted = `"${callerName.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return {
    ...parties,
    from: { ...parties.from, display: callerName },
    fromText: `${quoted} <${parties.from.uri}>`,
  };
}
