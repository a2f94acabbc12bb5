/**
 * Runs a parsed console command on the phone and says what came of it, as
 * a result object (printed as text, or as JSON with `--json` and to remote
 * clients). Engine errors become `ok: false` results; nothing throws.
 */
import type { ConsoleAddressBook } from '../addressbook/addressbook-command.js';
import type { Command } from '../commands/command-types.js';
import { helpCommand, helpList } from '../commands/help.js';
import type { CommandResult } from '../remote/protocol.js';
import type { PhoneControl } from './phone-control.js';
import { runRedirect } from './redirect-exec.js';
import { callVoicemail, runBlf, runMessage, runMwi, runPresence, voicemailTarget } from './services-exec.js';
import { answerTransferRequest, runTransfer } from './transfer-exec.js';
import { runZrtp } from './zrtp-exec.js';

/** Per-profile service switches, as the `.svc` files hold them. */
export interface ServiceState {
  dnd: boolean;
  autoAnswer: boolean;
  /** Call forwarding destinations (cf_always, cf_busy, cf_noanswer); absent or empty: off. */
  cfAlways?: readonly string[];
  cfBusy?: readonly string[];
  cfNoanswer?: readonly string[];
}

/** What the executor works with besides the phone. */
export interface ExecuteContext {
  readonly phone: PhoneControl;
  /** Services of each active profile; changed by dnd and auto_answer. */
  readonly services: Map<string, ServiceState>;
  /** Saves a profile's services (the .svc file), when the console has a config directory. */
  readonly saveServices?: (profile: string, state: ServiceState) => Promise<void>;
  /** The history text for `history`. */
  readonly history?: () => string;
  /** Profile descriptions for `user` (display and address), by name. */
  readonly describeProfile?: (name: string) => string;
  /** Called by `quit` after the phone has quit. */
  readonly onQuit?: () => void;
  /** The address book: `addressbook`, and `call NAME` completing from it. */
  readonly addressBook?: ConsoleAddressBook;
}

const ok = (command: string, message?: string, data?: Record<string, unknown>): CommandResult => ({
  type: 'result',
  command,
  ok: true,
  ...(message === undefined ? {} : { message }),
  ...(data === undefined ? {} : { data }),
});

const failed = (command: string, message: string): CommandResult => ({
  type: 'result',
  command,
  ok: false,
  message,
});

function serviceOf(ctx: ExecuteContext): ServiceState {
  const name = ctx.phone.activeProfile;
  let s = ctx.services.get(name);
  if (!s) {
    s = { dnd: false, autoAnswer: false };
    ctx.services.set(name, s);
  }
  return s;
}

async function setService(
  ctx: ExecuteContext,
  cmd: Extract<Command, { name: 'dnd' | 'auto_answer' }>,
): Promise<CommandResult> {
  const state = serviceOf(ctx);
  const key = cmd.name === 'dnd' ? 'dnd' : 'autoAnswer';
  const label = cmd.name === 'dnd' ? 'Do not disturb' : 'Auto answer';
  if (cmd.show)
    return ok(cmd.name, `${label}: ${state[key] ? 'active' : 'not active'}`, { active: state[key] });
  const on = cmd.set ?? !state[key];
  if (cmd.name === 'dnd') ctx.phone.setDnd(on);
  else ctx.phone.setAutoAnswer(on);
  state[key] = on;
  await ctx.saveServices?.(ctx.phone.activeProfile, state);
  return ok(cmd.name, `${label} ${on ? 'enabled' : 'disabled'}.`, { active: on });
}

async function run(cmd: Command, ctx: ExecuteContext): Promise<CommandResult> {
  const phone = ctx.phone;
  switch (cmd.name) {
    case 'call': {
      // `call voicemail`: the profile's voice mail address, when it has one (Twinkle's speed dial).
      if (cmd.uri === 'voicemail' && voicemailTarget(phone) !== undefined)
        return callVoicemail(phone, 'call');
      const target = ctx.addressBook?.resolveCall(cmd.uri) ?? { ok: true as const, uri: cmd.uri };
      if (!target.ok) return failed('call', target.message);
      const display = cmd.display ?? (target.ok ? target.display : undefined);
      const line = await phone.call(target.uri, {
        ...(cmd.subject === undefined ? {} : { subject: cmd.subject }),
        ...(display === undefined ? {} : { display }),
        ...(cmd.hideIdentity ? { hideIdentity: true } : {}),
      });
      return ok('call', `Line ${line}: calling ${cmd.uri}`, { line });
    }
    case 'redial': {
      const line = await phone.redial();
      return ok('redial', `Line ${line}: calling again`, { line });
    }
    case 'answer': {
      // On an answered call: the answer to a transfer request (ask_user_to_refer).
      const transfer = answerTransferRequest(phone, 'answer');
      if (transfer !== undefined) return transfer;
      await phone.answer();
      return ok('answer', undefined, { line: phone.activeLine });
    }
    case 'answerbye': {
      const call = phone.callOn();
      if (call?.direction === 'in' && !call.answered) {
        await phone.answer();
        return ok('answerbye', undefined, { line: phone.activeLine, action: 'answer' });
      }
      await phone.bye();
      return ok('answerbye', undefined, { line: phone.activeLine, action: 'bye' });
    }
    case 'reject': {
      const line = phone.activeLine;
      const transfer = answerTransferRequest(phone, 'reject');
      if (transfer !== undefined) return transfer;
      phone.reject();
      return ok('reject', `Line ${line}: call rejected.`, { line });
    }
    case 'bye':
      await phone.bye();
      return ok('bye', undefined, { line: phone.activeLine });
    case 'transfer':
      return runTransfer(phone, cmd);
    case 'hold':
      await phone.hold();
      return ok('hold', undefined, { line: phone.activeLine });
    case 'retrieve':
      await phone.retrieve();
      return ok('retrieve', undefined, { line: phone.activeLine });
    case 'mute': {
      const call = phone.callOn();
      if (!call) return failed('mute', `no call on line ${phone.activeLine}`);
      if (cmd.show)
        return ok('mute', `Line is ${call.muted ? 'muted' : 'not muted'}.`, { muted: call.muted });
      const on = cmd.set ?? !call.muted;
      phone.mute(on);
      return ok('mute', on ? 'Line muted.' : 'Line unmuted.', { muted: on });
    }
    case 'dtmf':
      await phone.dtmf(cmd.digits);
      return ok('dtmf', undefined, { digits: cmd.digits });
    case 'register':
      if (cmd.all) await phone.registerAll();
      else await phone.register();
      return ok('register');
    case 'deregister': {
      const names = cmd.all ? phone.profiles : [phone.activeProfile];
      for (const p of names) await phone.deregister(p, cmd.allDevices);
      return ok('deregister');
    }
    case 'fetch_reg': {
      const bindings = await phone.fetchRegistrations();
      const text = bindings.length === 0 ? 'No registrations.' : `Registrations:\n${bindings.join('\n')}`;
      return ok('fetch_reg', text, { bindings: [...bindings] });
    }
    case 'options': {
      const uri = cmd.uri ?? phone.callOn()?.peer;
      if (uri === undefined || uri === '')
        return failed('options', 'no destination and no call on the active line');
      const a = await phone.options(uri);
      const lines = [`${uri}: ${a.status} ${a.reason}`];
      if (a.allow !== undefined) lines.push(`Allow: ${a.allow}`);
      if (a.accept !== undefined) lines.push(`Accept: ${a.accept}`);
      return { ...ok('options', lines.join('\n'), { ...a }), ok: a.status >= 200 && a.status < 300 };
    }
    case 'line': {
      if (cmd.line === undefined && !cmd.other) {
        const conf = (phone.lineStatus?.() ?? []).filter((l) => l.conference).map((l) => l.line);
        const text = `Active line is: ${phone.activeLine}`;
        if (conf.length === 0) return ok('line', text, { line: phone.activeLine });
        return ok('line', `${text}\n3-way conference: lines ${conf.join(' and ')}`, {
          line: phone.activeLine,
          conference: conf,
        });
      }
      const target = cmd.other ? (phone.activeLine % phone.lineCount) + 1 : cmd.line!;
      if (target === phone.activeLine)
        return ok('line', `Line ${target} is already active.`, { line: target });
      await phone.selectLine(target);
      return ok('line', `Line ${phone.activeLine} is now active.`, { line: phone.activeLine });
    }
    case 'conference': {
      if (!phone.conference) return failed('conference', 'this phone has no conference');
      await phone.conference();
      return ok('conference', '3-way conference: lines 1 and 2.', { lines: [1, 2] });
    }
    case 'user': {
      if (cmd.profile === undefined) {
        const lines = phone.profiles.map((p) => {
          const mark = p === phone.activeProfile ? '* ' : '  ';
          const d = ctx.describeProfile?.(p);
          return d === undefined ? `${mark}${p}` : `${mark}${p}\n    ${d}`;
        });
        return ok('user', lines.join('\n'), { profiles: [...phone.profiles], active: phone.activeProfile });
      }
      if (!phone.profiles.includes(cmd.profile))
        return failed('user', `Unknown user profile: ${cmd.profile}`);
      phone.selectProfile(cmd.profile);
      return ok('user', `${cmd.profile} activated.`, { active: cmd.profile });
    }
    case 'dnd':
    case 'auto_answer':
      return setService(ctx, cmd);
    case 'addressbook':
      return ctx.addressBook ? ctx.addressBook.run(cmd) : failed('addressbook', 'no address book here');
    case 'redirect':
    case 'follow':
      return runRedirect(cmd, ctx);
    case 'history':
      return ok('history', ctx.history?.() ?? 'No call history.');
    case 'mwi':
      return runMwi(phone);
    case 'vm':
      return callVoicemail(phone);
    case 'message':
      return runMessage(phone, cmd);
    case 'presence':
      return runPresence(phone, cmd.state);
    case 'blf':
      return runBlf(phone, cmd);
    case 'help':
      return ok('help', cmd.topic === undefined ? helpList() : helpCommand(cmd.topic));
    case 'zrtp':
      return runZrtp(phone, cmd.action);
    case 'quit':
      try {
        await phone.quit();
      } finally {
        // The console ends even when the engine's quit failed.
        ctx.onQuit?.();
      }
      return ok('quit');
  }
}

/** Runs a command; engine errors (PhoneError and others) become failed results with their message. */
export async function executeCommand(cmd: Command, ctx: ExecuteContext): Promise<CommandResult> {
  try {
    return await run(cmd, ctx);
  } catch (error) {
    const e = error as { message?: string; code?: unknown };
    const result = failed(cmd.name, e.message ?? String(error));
    return typeof e.code === 'string' ? { ...result, data: { code: e.code } } : result;
  }
}
