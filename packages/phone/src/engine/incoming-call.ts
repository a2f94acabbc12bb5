/**
 * Taking an incoming call: DND, busy and call waiting rules, turning a call
 * away (DND, busy, forwarding per the profile's services), the parties of
 * the INVITE, ringing, and forwarding a call left ringing (cf_noanswer).
 */
import { type Clock, formatUri } from '@twinkle/sip-core';
import { inCallBeep } from '../call-waiting/in-call-beep.js';
import type { IncomingScreen } from '../scripts/incoming-screen.js';
import { namedParties } from '../scripts/incoming-screen.js';
import { Call } from './call.js';
import type { CallMedia } from './call-media.js';
import { decideIncoming, type IncomingDecision } from './incoming-rules.js';
import { expandTarget, formatAddress } from './outgoing.js';
import type { PhoneContext } from './phone-context.js';
import type { CallRefusedEvent } from './phone-events.js';
import { shownCaller } from './privacy.js';
import type { ProfileState } from './profile-state.js';
import type { InviteServerSession } from './sip-types.js';

/** The Contact values of a 302 to forwarding destinations, expanded as the user would dial them. */
export function forwardContacts(profile: ProfileState, targets: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of targets) {
    try {
      out.push(`<${expandTarget(t, profile).uri}>`);
    } catch {
      // A destination that is no address is left out; the service file reported it when read.
    }
  }
  return out;
}

/** Answers a call the rules turned away (480, 486 or 302) and says so. */
export function refuseIncoming(
  session: InviteServerSession,
  profile: ProfileState,
  decision: Exclude<IncomingDecision, { kind: 'ring' }>,
  closing: boolean,
): CallRefusedEvent {
  const invite = session.request;
  const from = invite.from ? formatAddress(invite.from) : '';
  if (decision.kind === 'reject') {
    session.reject(decision.status);
    const reason = closing ? 'quitting' : decision.status === 480 ? 'dnd' : 'busy';
    return { type: 'call-refused', profile: profile.name, from, status: decision.status, reason };
  }
  const targets = decision.when === 'always' ? profile.forward.always : profile.forward.busy;
  const contacts = forwardContacts(profile, targets);
  session.reject(302, { contacts });
  return { type: 'call-refused', profile: profile.name, from, status: 302, reason: 'forwarded', contacts };
}

/**
 * From, To and Subject of an INVITE, as the call and its events show them;
 * the caller is the trusted proxy's P-Asserted-Identity when there is one.
 */
export function incomingParties(
  session: InviteServerSession,
  profile?: ProfileState,
): {
  from: { display: string; uri: string };
  to: { display: string; uri: string };
  fromText: string;
  toText: string;
  subject: string;
  asserted: boolean;
} {
  const invite = session.request;
  const from = invite.from;
  const to = invite.to;
  const shown = profile === undefined ? undefined : shownCaller(invite, profile);
  if (shown !== undefined)
    return {
      from: { display: shown.display, uri: shown.uri },
      to: { display: to?.displayName ?? '', uri: to ? formatUri(to.uri) : '' },
      fromText: shown.text,
      toText: to ? formatAddress(to) : '',
      subject: invite.header('subject') ?? '',
      asserted: true,
    };
  return {
    from: { display: from?.displayName ?? '', uri: from ? formatUri(from.uri) : '' },
    to: { display: to?.displayName ?? '', uri: to ? formatUri(to.uri) : '' },
    fromText: from ? formatAddress(from) : '',
    toText: to ? formatAddress(to) : '',
    subject: invite.header('subject') ?? '',
    asserted: false,
  };
}

/** cf_noanswer: a call still ringing after timer_noanswer seconds is redirected (302). */
export function forwardWhenUnanswered(
  call: Call,
  session: InviteServerSession,
  profile: ProfileState,
  clock: Clock,
): void {
  if (profile.forward.noAnswer.length === 0) return;
  const contacts = forwardContacts(profile, profile.forward.noAnswer);
  clock.setTimer(profile.profile.timerNoanswer * 1000, () => {
    if (call.state === 'incoming' && session.state !== 'terminated') session.reject(302, { contacts });
  });
}

/**
 * An incoming INVITE: DND, busy and call waiting rules, then ringing (or
 * auto answer through `answer`). Returns the call when it rings.
 */
export function takeIncomingCall(
  ctx: PhoneContext,
  session: InviteServerSession,
  answer: (line: number) => Promise<void>,
  screen?: IncomingScreen,
): Call | undefined {
  // The incoming-call script's autoanswer bypasses do not disturb and forwarding always, as in Twinkle.
  const auto = screen?.action === 'autoanswer';
  const invite = session.request;
  const profile = ctx.profiles.for(invite);
  const settings = ctx.options.settings;
  const decision = decideIncoming({
    closing: ctx.closed(),
    dnd: profile.dnd && !auto,
    callWaiting: settings.callWaiting,
    occupied: ctx.lines.occupied(),
    activeLine: ctx.lines.active,
    forwardAlways: profile.forward.always.length > 0 && !auto,
    forwardBusy: profile.forward.busy.length > 0,
  });
  if (decision.kind !== 'ring') {
    ctx.emit(refuseIncoming(session, profile, decision, ctx.closed()));
    return undefined;
  }
  const { line, waiting } = decision;
  const media = session.handler as CallMedia;
  media.line = line;
  const { asserted, ...shown } = incomingParties(session, profile);
  const parties = namedParties(shown, screen?.callerName);
  const { subject } = parties;
  const call = new Call(
    { line, profile: profile.name, direction: 'in', session, media, ...parties },
    ctx.callHooks(),
  );
  ctx.lines.put(call);
  ctx.emit({
    type: 'incoming-call',
    line,
    profile: profile.name,
    from: parties.fromText,
    to: parties.toText,
    ...(subject === '' ? {} : { subject }),
    waiting,
    ...(asserted ? { asserted } : {}),
    ...(screen && screen.messages.length > 0 ? { messages: screen.messages } : {}),
  });
  call.setState('incoming');
  void session.progress().catch(() => {});
  // A waiting call beeps in the speaker of the call in progress; otherwise the ring tone plays.
  if (waiting) call.playTone(inCallBeep(ctx, line) ?? ctx.tones.callWaiting?.(line));
  else if (settings.playRingtone) call.playTone(ctx.tones.ring(line, screen?.ringtone));
  if ((profile.autoAnswer || auto) && !waiting) void answer(line).catch(() => {});
  else forwardWhenUnanswered(call, session, profile, ctx.ua.clock);
  return call;
}
