/**
 * The profile's scripts at the call model's trigger points (Twinkle's
 * t_call_script): the incoming-call script is waited for and decides what
 * becomes of the call; the seven others are started and not waited for.
 * A script that cannot start, fails, hangs (killed with its process group
 * after the timeout) or prints what is not understood becomes a notice,
 * and the call goes on as `continue`.
 */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { SipRequest } from '@twinkle/sip-core';
import type { CallerNameSource } from '../addressbook/caller-name.js';
import type { Call } from '../engine/call.js';
import { forwardContacts, takeIncomingCall } from '../engine/incoming-call.js';
import type { PhoneContext } from '../engine/phone-context.js';
import type { CallRefusedEvent, PhoneEvent } from '../engine/phone-events.js';
import type { ProfileState } from '../engine/profile-state.js';
import type { InviteClientSession, InviteServerSession, TerminationReason } from '../engine/sip-types.js';
import { type IncomingScreen, lookupCallerName } from './incoming-screen.js';
import { splitCommand } from './script-command.js';
import { buildScriptEnv, type ScriptMessage, scriptMessageOf } from './script-env.js';
import {
  DEFAULT_NOTIFY_TIMEOUT_MS,
  DEFAULT_SCRIPT_TIMEOUT_MS,
  type ScriptOptions,
} from './script-options.js';
import { CONTINUE, parseScriptOutput, type ScriptResult } from './script-output.js';
import { type RunningScript, type ScriptOutcome, startScript } from './script-runner.js';
import { type ScriptTrigger, scriptCommandOf } from './script-trigger.js';

/** The triggers after a call has begun. */
const FOLLOWED: readonly ScriptTrigger[] = [
  'in_call_answered',
  'in_call_failed',
  'out_call',
  'out_call_answered',
  'out_call_failed',
  'local_release',
  'remote_release',
];

/** The incoming call went on (to ring), or was turned away by the script (or ended meanwhile). */
export type ScreenOutcome =
  | { readonly ring: true; readonly screen: IncomingScreen }
  | { readonly ring: false };

export class CallScripts {
  readonly #ctx: PhoneContext;
  readonly #options: ScriptOptions;
  readonly #names: CallerNameSource | undefined;
  readonly #running = new Set<RunningScript>();
  readonly #watched = new WeakSet<Call>();

  constructor(ctx: PhoneContext, options: ScriptOptions = {}, names?: CallerNameSource) {
    this.#ctx = ctx;
    this.#options = options;
    this.#names = names;
    // sip-core tells nothing when an outgoing INVITE leaves, and a new call's `calling` state is
    // no event: when a profile has a script for outgoing calls, new calls on the lines are looked
    // for every 20 ms, so out_call runs as the INVITE goes out (call-state events catch the rest).
    const outgoing: readonly ScriptTrigger[] = ['out_call', 'out_call_answered', 'out_call_failed'];
    if (ctx.profiles.all.some((p) => outgoing.some((t) => scriptCommandOf(p.profile, t) !== ''))) {
      const scan = setInterval(() => {
        if (ctx.closed()) clearInterval(scan);
        else for (const c of ctx.lines.calls()) if (c.direction === 'out') this.watch(c);
      }, 20);
      scan.unref();
    }
  }

  /** The program and arguments of a command, its program found relative to the config directory (Twinkle: a path). */
  #argv(command: string): string[] {
    const argv = splitCommand(command);
    const file = argv[0];
    if (file === undefined) return argv;
    const home = file.startsWith('~/') ? resolve(homedir(), file.slice(2)) : file;
    argv[0] = isAbsolute(home) ? home : resolve(this.#ctx.options.configDir ?? process.cwd(), home);
    return argv;
  }

  #env(trigger: ScriptTrigger, profile: ProfileState, line: number, message: ScriptMessage) {
    return buildScriptEnv(
      message,
      {
        trigger,
        profile: profile.name,
        line,
        dnd: profile.dnd,
        autoAnswer: profile.autoAnswer,
        forward: profile.forward,
      },
      this.#options.env ?? process.env,
    );
  }

  #notice(trigger: ScriptTrigger, command: string, text: string): void {
    this.#ctx.emit({ type: 'notice', message: `script ${trigger} (${command}): ${text}` });
  }

  #start(
    trigger: ScriptTrigger,
    profile: ProfileState,
    line: number,
    message: ScriptMessage,
    collect: boolean,
  ) {
    const command = scriptCommandOf(profile.profile, trigger);
    if (command === '') return undefined;
    const run = startScript({
      argv: this.#argv(command),
      env: this.#env(trigger, profile, line, message),
      ...(this.#ctx.options.configDir === undefined ? {} : { cwd: this.#ctx.options.configDir }),
      timeoutMs: collect
        ? (this.#options.timeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS)
        : (this.#options.notifyTimeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS),
      collect,
    });
    this.#running.add(run);
    void run.outcome.then(() => this.#running.delete(run));
    return { command, run };
  }

  /** Why an outcome is worth telling the user, or undefined. */
  static problem(outcome: ScriptOutcome, timeoutMs: number): string | undefined {
    switch (outcome.kind) {
      case 'failed':
        return `cannot run: ${outcome.message}`;
      case 'killed':
        return outcome.why === 'timeout'
          ? `still running after ${timeoutMs} ms, killed`
          : 'printed too much, killed';
      case 'exited':
        if (outcome.signal !== undefined) return `ended by ${outcome.signal}`;
        return outcome.code === 0 ? undefined : `exited with status ${outcome.code}`;
    }
  }

  /** Runs a script the phone does not wait for; its failure becomes a notice. */
  notify(trigger: ScriptTrigger, profile: ProfileState, line: number, message: ScriptMessage): void {
    const started = this.#start(trigger, profile, line, message, false);
    if (!started) return;
    const limit = this.#options.notifyTimeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS;
    void started.run.outcome.then((o) => {
      const p = CallScripts.problem(o, limit);
      if (p !== undefined) this.#notice(trigger, started.command, p);
    });
  }

  /** The incoming-call script's result (CONTINUE when there is none or it failed). */
  async #incomingScript(
    session: InviteServerSession,
    profile: ProfileState,
    line: number,
  ): Promise<ScriptResult> {
    const started = this.#start('in_call', profile, line, scriptMessageOf(session.request), true);
    if (!started) return CONTINUE;
    // The phone quitting stops the wait: the script goes with it.
    const watch = setInterval(() => {
      if (this.#ctx.closed()) started.run.kill();
    }, 50);
    const outcome = await started.run.outcome.finally(() => clearInterval(watch));
    const limit = this.#options.timeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS;
    const problem = CallScripts.problem(outcome, limit);
    if (outcome.kind !== 'exited' || problem !== undefined) {
      this.#notice('in_call', started.command, `${problem ?? 'failed'}; the call goes on`);
      return CONTINUE;
    }
    const result = parseScriptOutput(outcome.stdout);
    for (const p of result.problems) this.#notice('in_call', started.command, p);
    return result;
  }

  /**
   * Screens an incoming INVITE: the incoming-call script, the address book
   * name, and the script's reject/dnd/redirect carried out here (each also
   * runs the in_call_failed script, as Twinkle does).
   */
  async screen(session: InviteServerSession): Promise<ScreenOutcome> {
    const ctx = this.#ctx;
    const profile = ctx.profiles.for(session.request);
    const occupied = ctx.lines.occupied();
    // TWINKLE_LINE: the line the call would get (Twinkle's hunted line), 0 when none is free.
    const line = occupied[ctx.lines.active - 1] === false ? ctx.lines.active : occupied.indexOf(false) + 1;
    const result = await this.#incomingScript(session, profile, line);
    if (session.state === 'terminated') {
      // Cancelled while the script ran: the call failed before it rang.
      this.#failedIncoming(session, profile, line);
      return { ring: false };
    }
    if (result.action === 'reject' || result.action === 'dnd' || result.action === 'redirect') {
      this.#refuse(session, profile, result, line);
      return { ring: false };
    }
    const callerName = result.callerName || lookupCallerName(ctx, this.#names, session, profile);
    return {
      ring: true,
      screen: {
        action: result.action === 'autoanswer' ? 'autoanswer' : 'continue',
        ...(callerName ? { callerName } : {}),
        ...(result.ringtone ? { ringtone: result.ringtone } : {}),
        messages: result.displayMessages,
      },
    };
  }

  #refuse(session: InviteServerSession, profile: ProfileState, result: ScriptResult, line: number): void {
    const from = session.request.header('from') ?? '';
    const reason = result.reason ? { reason: result.reason } : {};
    let event: CallRefusedEvent;
    if (result.action === 'redirect') {
      const contacts = forwardContacts(profile, [result.contact ?? '']);
      // Twinkle answers 500 when the contact is no address.
      if (contacts.length === 0) session.reject(500, { reason: 'Invalid redirect contact' });
      else session.reject(302, { contacts });
      event = {
        type: 'call-refused',
        profile: profile.name,
        from,
        status: contacts.length === 0 ? 500 : 302,
        reason: 'script',
        ...(contacts.length === 0 ? {} : { contacts }),
      };
    } else {
      const status = result.action === 'reject' ? 603 : 480;
      session.reject(status, reason);
      event = { type: 'call-refused', profile: profile.name, from, status, reason: 'script' };
    }
    this.#ctx.emit(event);
    for (const m of result.displayMessages) this.#ctx.emit({ type: 'notice', message: m });
    this.#failedIncoming(session, profile, line);
  }

  #failedIncoming(session: InviteServerSession, profile: ProfileState, line: number): void {
    const r = session.reason;
    this.notify('in_call_failed', profile, line, withStatus(scriptMessageOf(session.request), r));
  }

  /** An incoming call turned away by the ringing rules (DND, busy, forwarding): in_call_failed. */
  refused(session: InviteServerSession): void {
    this.#failedIncoming(session, this.#ctx.profiles.for(session.request), 0);
  }

  /** Follows a call on a line to its answered, failed and released trigger points. */
  watch(call: Call): void {
    if (this.#watched.has(call)) return;
    this.#watched.add(call);
    if (this.#ctx.closed() || !this.#ctx.profiles.has(call.profile)) return;
    const profile = this.#ctx.profiles.get(call.profile);
    if (!FOLLOWED.some((t) => scriptCommandOf(profile.profile, t) !== '')) return;
    const session = call.session;
    const incoming = call.direction === 'in';
    const invite = (): SipRequest | undefined =>
      incoming ? (session as InviteServerSession).request : (session as InviteClientSession).request;
    const message = (): ScriptMessage => {
      const r = invite();
      return r ? scriptMessageOf(r) : partiesMessage(call);
    };
    if (!incoming)
      void whenSent(session as InviteClientSession).then(() =>
        this.notify('out_call', profile, call.line, message()),
      );
    const off = session.stateChange.on((e) => {
      if (e.state !== 'established') return;
      off();
      this.notify(
        incoming ? 'in_call_answered' : 'out_call_answered',
        profile,
        call.line,
        withStatus(message(), { status: 200, text: 'OK' }),
      );
    });
    void session.ended().then((reason) => {
      off();
      if (call.answered) {
        const trigger = reason.by === 'remote' ? 'remote_release' : 'local_release';
        const m = message();
        this.notify(trigger, profile, call.line, {
          ...m,
          request: { method: 'BYE', uri: m.request?.uri ?? '' },
        });
      } else if (incoming) this.notify('in_call_failed', profile, call.line, withStatus(message(), reason));
      else
        this.notify(
          'out_call_failed',
          profile,
          call.line,
          reason.response ? scriptMessageOf(reason.response) : withStatus(message(), reason),
        );
    });
  }

  /**
   * An incoming INVITE from start to ringing: screening (script, address
   * book), the ringing rules, then the call's later trigger points.
   */
  async take(session: InviteServerSession, answer: (line: number) => Promise<void>): Promise<void> {
    const s = await this.screen(session);
    if (!s.ring) return;
    const call = takeIncomingCall(this.#ctx, session, answer, s.screen);
    if (call) this.watch(call);
    else this.refused(session);
  }

  /**
   * The phone's events: an outgoing call is followed to its trigger points from its first
   * call-state event (ringing, early media, answered or ended: a new call's `calling` state is
   * not reported). out_call runs then, with the INVITE as sent.
   */
  onEvent(event: PhoneEvent): void {
    if (event.type !== 'call-state') return;
    const call = this.#ctx.lines.at(event.line);
    if (call?.direction !== 'out' || this.#watched.has(call)) return;
    this.watch(call);
  }

  /** Kills every script still running. */
  close(): void {
    for (const r of this.#running) r.kill();
    this.#running.clear();
  }
}

/** The message with the status that ended the call (SIPSTATUS_CODE, SIPSTATUS_REASON). */
function withStatus(
  m: ScriptMessage,
  r: Pick<TerminationReason, 'status' | 'text'> | undefined,
): ScriptMessage {
  if (r?.status === undefined) return m;
  return { ...m, status: { code: r.status, reason: r.text ?? '' } };
}

/** A message from the far end's URI when the INVITE itself is not at hand. */
function partiesMessage(call: Call): ScriptMessage {
  const m = /^(?:sips?|tel):(?:([^@;]*)@)?([^;?]*)/.exec(call.peer);
  const peer =
    m?.[1] === undefined
      ? { display: '', user: m?.[2] ?? '', host: '' }
      : { display: '', user: m[1], host: m[2] ?? '' };
  const none = { display: '', user: '', host: '' };
  return call.direction === 'in'
    ? { from: peer, to: none, fields: [] }
    : { from: none, to: peer, fields: [] };
}

/** Resolves once the INVITE has been built and sent (or the session is over), polling briefly: sip-core has no event for it. */
function whenSent(session: InviteClientSession): Promise<void> {
  return new Promise((done) => {
    let tries = 0;
    const check = () => {
      if (session.request !== undefined || session.state === 'terminated' || ++tries > 400) done();
      else setTimeout(check, 5).unref();
    };
    check();
  });
}
