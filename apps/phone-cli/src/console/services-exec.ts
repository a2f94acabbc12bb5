/**
 * The console's side of the phone's services: `mwi` (message waiting of
 * each profile), `vm` and `call voicemail` (the profile's mwi_vm_address,
 * Twinkle's voice mail speed dial), and the text of the service events.
 */
import type { CommandResult } from '../remote/protocol.js';
import type { PhoneControl, PhoneEventLike } from './phone-control.js';

/** One profile's MWI state as the engine reports it (@twinkle/phone's MwiStatus). */
export interface MwiStatusLike {
  readonly profile: string;
  readonly solicited: boolean;
  readonly subscription: string;
  readonly mailbox?: string;
  readonly counts?: {
    readonly waiting: boolean;
    readonly newMessages: number;
    readonly oldMessages: number;
    readonly newUrgent?: number;
    readonly oldUrgent?: number;
    readonly account?: string;
  };
  readonly voicemail?: string;
}

/** A buddy as the engine reports it (@twinkle/phone's BuddyStatus). */
export interface BuddyStatusLike {
  readonly profile: string;
  readonly name: string;
  readonly uri: string;
  readonly subscribe: boolean;
  readonly state: string;
  readonly note?: string;
}

/** What the console uses of the engine's `services`. */
export interface ServicesControl {
  readonly mwi: { status(profile?: string): readonly MwiStatusLike[] };
  voicemailAddress(profile?: string): string | undefined;
  readonly messaging?: {
    send(
      destination: string,
      text: string,
      options?: { subject?: string; file?: string; display?: string },
    ): Promise<{ status: number; reason: string; to: string }>;
  };
  readonly dialogs?: {
    watch(destination: string): string;
    unwatch(destination: string): Promise<boolean>;
    lamps(): readonly { uri: string; state: string; dialogs: number }[];
  };
  readonly presence?: {
    buddies(profile?: string): readonly BuddyStatusLike[];
    ownState(profile?: string): 'online' | 'offline' | undefined;
    publish(state: 'online' | 'offline', profile?: string): Promise<{ status: number; reason: string }>;
  };
}

const result = (
  command: string,
  ok: boolean,
  message: string,
  data?: Record<string, unknown>,
): CommandResult => ({
  type: 'result',
  command,
  ok,
  message,
  ...(data === undefined ? {} : { data }),
});

const counts = (c: { newMessages: number; oldMessages: number; newUrgent?: number }): string =>
  `${c.newMessages} new, ${c.oldMessages} old${c.newUrgent ? ` (${c.newUrgent} urgent)` : ''}`;

/** `mwi`: message waiting of every active profile. */
export function runMwi(phone: PhoneControl): CommandResult {
  const services = phone.services;
  if (services === undefined) return result('mwi', false, 'this phone has no message waiting indication');
  const list = services.mwi.status();
  const lines = list.flatMap((s) => {
    const how = s.solicited
      ? `subscription ${s.subscription}${s.mailbox === undefined ? '' : ` to ${s.mailbox}`}`
      : 'unsolicited notifications';
    const vm =
      s.counts === undefined
        ? 'voice mail: unknown (no notification yet)'
        : `voice mail: ${s.counts.waiting ? 'messages waiting' : 'no messages waiting'}, ${counts(s.counts)}`;
    return [
      `${s.profile}: ${how}`,
      `  ${vm}`,
      ...(s.voicemail === undefined ? [] : [`  voice mail address: ${s.voicemail}`]),
    ];
  });
  return result('mwi', true, lines.join('\n'), { profiles: list.map((s) => ({ ...s })) });
}

/** The voice mail address of the active profile, or why there is none. */
export function voicemailTarget(phone: PhoneControl): string | undefined {
  return phone.services?.voicemailAddress(phone.activeProfile);
}

/** `vm` (and `call voicemail`): calls the active profile's mwi_vm_address. */
export async function callVoicemail(phone: PhoneControl, command = 'vm'): Promise<CommandResult> {
  const target = voicemailTarget(phone);
  if (target === undefined)
    return result(command, false, `no voice mail address (mwi_vm_address) in profile ${phone.activeProfile}`);
  const line = await phone.call(target);
  return result(command, true, `Line ${line}: calling voice mail ${target}`, { line, uri: target });
}

/** `message [-s subject] [-f file] [-d display] destination [text]`: a MESSAGE (RFC 3428). */
export async function runMessage(
  phone: PhoneControl,
  cmd: { destination: string; text: string; subject?: string; file?: string; display?: string },
): Promise<CommandResult> {
  const messaging = phone.services?.messaging;
  if (messaging === undefined) return result('message', false, 'this phone cannot send messages');
  const r = await messaging.send(cmd.destination, cmd.text, {
    ...(cmd.subject === undefined ? {} : { subject: cmd.subject }),
    ...(cmd.file === undefined ? {} : { file: cmd.file }),
    ...(cmd.display === undefined ? {} : { display: cmd.display }),
  });
  const delivered = r.status >= 200 && r.status < 300;
  const text = delivered ? `Message sent to ${r.to}.` : `Message to ${r.to} failed: ${r.status} ${r.reason}`;
  return result('message', delivered, text, { ...r });
}

/** `presence` lists our state and the buddies'; `presence -b online|offline` publishes ours. */
export async function runPresence(phone: PhoneControl, state?: 'online' | 'offline'): Promise<CommandResult> {
  const presence = phone.services?.presence;
  if (presence === undefined) return result('presence', false, 'this phone has no presence');
  if (state !== undefined) {
    const r = await presence.publish(state);
    const okay = r.status >= 200 && r.status < 300;
    return result(
      'presence',
      okay,
      okay ? `Presence published: ${state}.` : `Publishing failed: ${r.status} ${r.reason}`,
      {
        state,
        ...r,
      },
    );
  }
  const own = presence.ownState() ?? 'not published';
  const buddies = presence.buddies(phone.activeProfile);
  const lines = [`${phone.activeProfile}: ${own}`];
  if (buddies.length === 0) lines.push('No buddies.');
  for (const b of buddies)
    lines.push(
      `  ${b.name} <${b.uri}>: ${b.subscribe ? b.state : 'not subscribed'}${b.note === undefined ? '' : ` (${b.note})`}`,
    );
  return result('presence', true, lines.join('\n'), { state: own, buddies: buddies.map((b) => ({ ...b })) });
}

/** `blf` lists the busy lamps; `blf dst` watches a user (RFC 4235 dialog package); `-r` stops. */
export async function runBlf(
  phone: PhoneControl,
  cmd: { destination?: string; remove: boolean },
): Promise<CommandResult> {
  const dialogs = phone.services?.dialogs;
  if (dialogs === undefined) return result('blf', false, 'this phone has no busy lamps');
  if (cmd.destination !== undefined && cmd.remove) {
    const was = await dialogs.unwatch(cmd.destination);
    return result(
      'blf',
      was,
      was ? `No longer watching ${cmd.destination}.` : `Not watching ${cmd.destination}.`,
    );
  }
  if (cmd.destination !== undefined) {
    const uri = dialogs.watch(cmd.destination);
    return result('blf', true, `Watching ${uri}.`, { uri });
  }
  const lamps = dialogs.lamps();
  const lines = lamps.length === 0 ? ['No busy lamps.'] : lamps.map((l) => `${l.uri}: ${l.state}`);
  return result('blf', true, lines.join('\n'), { lamps: lamps.map((l) => ({ ...l })) });
}

/** Lines for the service events (MWI, messages, presence); undefined for other events. */
export function formatServiceEvent(event: PhoneEventLike): string | undefined {
  const e = event as PhoneEventLike & Readonly<Record<string, unknown>>;
  const profile = String(e.profile ?? '');
  if (e.type === 'mwi') {
    const c = e as unknown as {
      waiting: boolean;
      newMessages: number;
      oldMessages: number;
      newUrgent?: number;
    };
    return `${profile}: voice mail: ${c.waiting ? 'messages waiting' : 'no messages waiting'}, ${counts(c)}`;
  }
  if (e.type === 'mwi-subscription') {
    const why = e.reason === undefined ? '' : ` (${String(e.reason)})`;
    const retry = e.retryIn === undefined ? '' : `, trying again in ${String(e.retryIn)} s`;
    return `${profile}: MWI subscription ${String(e.state)}${why}${retry}`;
  }
  if (e.type === 'message') {
    const m = e as unknown as {
      from: string;
      subject?: string;
      text?: string;
      attachment?: { path: string };
    };
    const lines = [`Message from ${m.from}${m.subject === undefined ? '' : ` (${m.subject})`}:`];
    if (m.text !== undefined) lines.push(m.text);
    if (m.attachment !== undefined) lines.push(`[attachment saved as ${m.attachment.path}]`);
    return lines.join('\n');
  }
  if (e.type === 'message-composing')
    return e.state === 'active' ? `${String(e.fromUri)} is typing...` : undefined;
  if (e.type === 'presence')
    return `${String(e.buddy)} <${String(e.uri)}>: ${String(e.state)}${e.note === undefined ? '' : ` (${String(e.note)})`}`;
  if (e.type === 'dialog-state') return `${String(e.uri)}: ${String(e.state)}`;
  if (e.type === 'presence-published')
    return `${profile}: presence ${String(e.state)} published (${String(e.status)} ${String(e.reason)})`;
  return undefined;
}
