/**
 * The transfer target side (RFC 3891): an INVITE with Replaces naming one
 * of our calls takes that call's line at once, without ringing, and the
 * replaced call ends (BYE when answered, CANCEL when it is our outgoing call
 * still ringing). One that names no call of ours gets what section 3 says
 * (481, 486 for early-only of a confirmed dialog, 603 for an ended one, 400).
 */
import { findReplacedSession } from '@twinkle/sip-core';
import { Call } from '../engine/call.js';
import type { CallMedia } from '../engine/call-media.js';
import { incomingParties } from '../engine/incoming-call.js';
import type { PhoneContext } from '../engine/phone-context.js';
import type { InviteServerSession } from '../engine/sip-types.js';
import { SUPPORTED_REPLACES } from './supported.js';

/**
 * Takes an INVITE that carries Replaces; false when it carries none (an
 * ordinary incoming call). `calls` are the calls it may replace.
 */
export function takeReplacingInvite(
  ctx: PhoneContext,
  session: InviteServerSession,
  calls: readonly Call[],
): boolean {
  const live = calls.filter((c) => c.state !== 'ended');
  const match = findReplacedSession(
    live.map((c) => c.session),
    session.request,
    (s) => live.find((c) => c.session === s)?.direction === 'out',
  );
  if (match === undefined) return false;
  const parties = incomingParties(session);
  if (!match.ok || ctx.closed()) {
    const status = match.ok ? 480 : match.status;
    const reason = match.ok ? 'Temporarily Unavailable' : match.reason;
    session.reject(status, { reason });
    ctx.emit({
      type: 'notice',
      message: `INVITE with Replaces from ${parties.fromText} refused: ${status} ${reason}`,
    });
    return true;
  }
  const old = live.find((c) => c.session === match.dialog)!;
  const line = old.line;
  const media = session.handler as CallMedia;
  media.line = line;
  const call = new Call(
    { line, profile: old.profile, direction: 'in', session, media, ...parties },
    ctx.callHooks(),
  );
  ctx.lines.put(call);
  ctx.emit({ type: 'transfer', line, role: 'target', state: 'replaced', target: parties.from.uri });
  // RFC 3891 section 3: the new dialog is accepted as the replaced one was (no alerting), then the old one ends.
  void (async () => {
    try {
      await session.accept({ headers: [SUPPORTED_REPLACES] });
    } catch {
      return; // the caller gave up (CANCEL) or the answer failed: the old call stays as it is
    }
    if (old.state !== 'ended') await old.end(603);
  })();
  return true;
}
