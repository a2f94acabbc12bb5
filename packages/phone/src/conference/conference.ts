/**
 * Twinkle's local three-way conference (`conference`): the calls on two
 * lines talk together through a mixer in this phone, each with its own codec
 * and clock. The controller takes the PhoneContext, so the Phone only routes
 * its commands here. The parties are a list: more than three is a matter of
 * passing more lines (and having them), not of another design.
 */
import type { Call } from '../engine/call.js';
import { PhoneError } from '../engine/errors.js';
import type { MixerLegPort } from '../engine/media-port.js';
import type { PhoneContext } from '../engine/phone-context.js';
import { ConferenceBridge } from './conference-bridge.js';

/** Calls whose devices a conference has taken (other features must not route them meanwhile). */
const mixed = new WeakSet<Call>();

/** Whether a call is in a local conference (its devices belong to the mixer). */
export function inConference(call: Call): boolean {
  return mixed.has(call);
}

/** Options of a {@link Conference}. */
export interface ConferenceOptions {
  /** The rate the parties are mixed at, Hz (default 8000 when every call is narrowband, else 16000). */
  readonly sampleRate?: number;
}

interface Party {
  readonly call: Call;
  readonly port: MixerLegPort;
}

/** The conference of one phone: at most one runs at a time, as in Twinkle. */
export class Conference {
  readonly #ctx: PhoneContext;
  readonly #options: ConferenceOptions;
  #bridge: ConferenceBridge | undefined;
  #parties: Party[] = [];

  constructor(ctx: PhoneContext, options: ConferenceOptions = {}) {
    this.#ctx = ctx;
    this.#options = options;
  }

  /** The lines in the conference, in the order they joined; empty when none runs. */
  get lines(): number[] {
    return this.#parties.map((p) => p.call.line);
  }

  /** Whether a line's call is in the conference. */
  includes(line: number): boolean {
    return this.#parties.some((p) => p.call.line === line);
  }

  /**
   * Joins the calls on `lines` (Twinkle: lines 1 and 2). Every call must be
   * answered; calls we hold are retrieved first. The mixer gives each party
   * the local microphone and the other parties, the local speaker every party.
   */
  async start(lines: readonly number[] = [1, 2]): Promise<void> {
    if (this.#bridge)
      throw new PhoneError(
        'invalid-state',
        `a conference is already running (lines ${this.lines.join(', ')})`,
      );
    if (new Set(lines).size < 2) throw new PhoneError('bad-argument', 'a conference needs two lines');
    const calls = lines.map((l) => this.#ctx.lines.require(l));
    for (const c of calls) {
      if (!c.answered || c.state === 'ended')
        throw new PhoneError('invalid-state', `line ${c.line} has no answered call`);
    }
    for (const c of calls) if (c.held) await c.setHold(false);
    const parties = calls.map((call) => {
      if (call.state === 'ended')
        throw new PhoneError('invalid-state', `the call on line ${call.line} ended`);
      const port = call.media.port?.mixerLeg?.();
      if (!port || port.sendRate === undefined || port.receiveRate === undefined)
        throw new PhoneError('invalid-state', `the call on line ${call.line} has no audio to mix`);
      return { call, port };
    });
    if (this.#bridge) throw new PhoneError('invalid-state', 'a conference started meanwhile');
    // Narrowband calls only: mix at 8 kHz (no resampling at all); any wideband one: 16 kHz.
    const widest = Math.max(...parties.flatMap((p) => [p.port.sendRate!, p.port.receiveRate!]));
    const sampleRate = this.#options.sampleRate ?? (widest <= 8000 ? 8000 : 16000);
    const bridge = new ConferenceBridge({
      sampleRate,
      muted: () => this.#parties.some((p) => p.call.muted),
    });
    for (const p of parties) {
      bridge.add(p.port);
      mixed.add(p.call);
    }
    this.#bridge = bridge;
    this.#parties = parties;
    // Mute is the local microphone's now (see mute): every call's stream carries the others.
    const muted = parties.some((p) => p.call.muted);
    for (const p of parties) this.#muteCall(p.call, muted);
    for (const p of parties) void p.call.session.ended().then(() => this.#left(p.call));
    this.#ctx.emit({ type: 'conference', state: 'started', lines: this.lines, sampleRate });
  }

  /**
   * The user hangs up a line (Twinkle's end_call): in a conference, with
   * `hangup_both_3way` every call of it ends; without, only that line's call
   * ends, another conference line becomes active and its call goes on as a
   * normal call. Returns false when the line is not in a conference (the
   * phone ends the call itself).
   */
  async bye(line: number): Promise<boolean> {
    const party = this.#parties.find((p) => p.call.line === line);
    if (!party) return false;
    if (this.#ctx.options.settings.hangupBoth3way) {
      const calls = this.#parties.map((p) => p.call);
      this.#end(undefined, []);
      await Promise.all(calls.map((c) => c.end(603)));
      return true;
    }
    const next = this.#parties.find((p) => p !== party);
    if (next && this.#ctx.lines.active === line) this.#activate(next.call.line);
    await party.call.end(603);
    return true;
  }

  /**
   * Mute during a conference takes the local microphone out of the mix; the parties still hear
   * each other (muting each call's stream would cut them off too). Every conference line shows
   * the state. False when the line is not in a conference.
   */
  mute(on: boolean, line: number): boolean {
    if (!this.includes(line)) return false;
    for (const p of this.#parties) this.#muteCall(p.call, on);
    return true;
  }

  /** The call shows `on`; its stream stays unmuted, the bridge leaves the microphone out. */
  #muteCall(call: Call, on: boolean): void {
    call.setMuted(on);
    call.media.port?.setMuted(false);
  }

  /** Twinkle refuses to hold a line in a conference: throws `invalid-state` for one. */
  checkHold(line: number): void {
    if (this.includes(line))
      throw new PhoneError('invalid-state', `line ${line} is in a conference and cannot be held`);
  }

  /**
   * Switching lines during a conference only changes the active line
   * (Twinkle's activate_line): nobody is held. False when no conference runs.
   */
  switchLine(line: number): boolean {
    if (!this.#bridge) return false;
    this.#ctx.lines.check(line);
    if (line !== this.#ctx.lines.active) this.#activate(line);
    return true;
  }

  /** Ends the conference and keeps the calls: each gets its own devices back. */
  split(): void {
    if (!this.#bridge) throw new PhoneError('invalid-state', 'no conference is running');
    this.#end(undefined, this.lines);
  }

  #activate(line: number): void {
    this.#ctx.lines.active = line;
    this.#ctx.emit({ type: 'line', line });
  }

  /** A party's call ended: the others go on; one left alone is a normal call again. */
  #left(call: Call): void {
    const i = this.#parties.findIndex((p) => p.call === call);
    if (i < 0) return;
    const [party] = this.#parties.splice(i, 1);
    mixed.delete(call);
    this.#bridge?.remove(party!.port);
    call.media.port?.setMuted(call.muted);
    if (this.#parties.length >= 2) {
      this.#ctx.emit({ type: 'conference', state: 'left', line: call.line, lines: this.lines });
      return;
    }
    this.#end(call.line, this.lines);
  }

  /** Stops mixing; `lines` are the calls that go on. */
  #end(leftLine: number | undefined, lines: readonly number[]): void {
    this.#bridge?.close();
    for (const p of this.#parties) mixed.delete(p.call);
    // A call going on alone mutes its own stream again when the user muted.
    for (const p of this.#parties) p.call.media.port?.setMuted(p.call.muted);
    this.#bridge = undefined;
    this.#parties = [];
    this.#ctx.emit({
      type: 'conference',
      state: 'ended',
      ...(leftLine === undefined ? {} : { line: leftLine }),
      lines,
    });
  }
}
