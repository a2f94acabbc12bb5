/**
 * The transfer target side (RFC 3891): an INVITE with Replaces naming one
 * of our calls takes that call's line. A replaced call that was talking is
 * ended (BYE, or CANCEL when it is our outgoing call still ringing) and the
 * new call answered at once, without ringing. One that names no call of ours
 * gets what section 3 says (481, 486 for early-only of a confirmed dialog,
 * 603 for an ended one, 400). As Twinkle does: a call we hold is not replaced
 * (486), the profile's ext_replaces off treats Replaces as absent, and an
 * incoming call still ringing may be replaced when its INVITE said
 * `Request-Disposition: no-fork` (RFC 3841; Twinkle's allow_xfer_consult_inprog
 * consultation call): that call is declined and the new one rings in its place.
 */
import { matchReplaces } from '@twinkle/sip-core';
import { Call } from '../engine/call.js';
import type { CallMedia } from '../engine/call-media.js';
import { incomingParties } from '../engine/incoming-call.js';
import type { PhoneContext } from '../engine/phone-context.js';
import type { InviteServerSession } from '../engine/sip-types.js';
import { replacesSupport } from './supported.js';

/** Whether a request asks not to be forked (RFC 3841 Request-Disposition: no-fork). */
const noFork = (request: { header(name: string): string | undefined }): boolean =>
  /(^|[\s,])no-fork([\s,]|$)/i.test(request.header('request-disposition') ?? '');

/**
 * Takes an INVITE that carries Replaces; false when it carries none (or the
 * profile ignores it): an ordinary incoming call. `calls` are the calls it may replace.
 */
export function takeReplacingInvite(
  ctx: PhoneContext,
  session: InviteServerSession,
  calls: readonly Call[],
): boolean {
  const invite = session.request;
  const profile = ctx.profiles.for(invite);
  if (!profile.profile.extReplaces) return false;
  const live = calls.filter((c) => c.state !== 'ended');
  const match = matchReplaces(
    invite,
    (id) =>
      live.find((c) => {
        const d = c.session.dialogId;
        return d?.callId === id.callId && d.localTag === id.localTag && d.remoteTag === id.remoteTag;
      }),
    (c) => ({
      state:
        c.session.state === 'established'
          ? 'confirmed'
          : c.session.state === 'terminated'
            ? 'terminated'
            : 'early',
      // RFC 3891 replaces only early dialogs we made; Twinkle's no-fork consultation INVITE vouches for one that rings here.
      ours: c.direction === 'out' || noFork((c.session as InviteServerSession).request),
      invite: true,
    }),
  );
  if (match === undefined) return false;
  const parties = incomingParties(session);
  const refuse = (status: number, reason: string): true => {
    session.reject(status, { reason });
    ctx.emit({
      type: 'notice',
      message: `INVITE with Replaces from ${parties.fromText} refused: ${status} ${reason}`,
    });
    return true;
  };
  if (!match.ok) return refuse(match.status, match.reason);
  if (ctx.closed()) return refuse(480, 'Temporarily Unavailable');
  const old = match.dialog;
  // Twinkle's choice: a call on hold stays as it is.
  if (old.held) return refuse(486, 'Busy Here');
  const line = old.line;
  const media = session.handler as CallMedia;
  media.line = line;
  const call = new Call(
    { line, profile: old.profile, direction: 'in', session, media, ...parties },
    ctx.callHooks(),
  );
  ctx.lines.put(call);
  ctx.emit({ type: 'transfer', line, role: 'target', state: 'replaced', target: parties.from.uri });
  if (old.direction === 'in' && !old.answered) {
    // The call it replaces was still ringing here: decline it, and the new one rings instead.
    void old.end(603);
    const { subject } = parties;
    ctx.emit({
      type: 'incoming-call',
      line,
      profile: old.profile,
      from: parties.fromText,
      to: parties.toText,
      ...(subject === '' ? {} : { subject }),
      waiting: ctx.lines.occupied().some((busy, i) => busy && i + 1 !== line),
    });
    void session.progress().catch(() => {});
    if (ctx.options.settings.playRingtone) call.playTone(ctx.tones.ring(line));
    return true;
  }
  // RFC 3891 section 3: a talking call is replaced without alerting: accept, then end the old dialog.
  void (async () => {
    try {
      await session.accept({ headers: replacesSupport(profile) });
    } catch {
      return; // the caller gave up (CANCEL) or the answer failed: the old call stays as it is
    }
    if (old.state !== 'ended') await old.end(603);
  })();
  return true;
}
