/**
 * What the console needs of the phone engine, declared by the console (the
 * consumer). @twinkle/phone's `Phone` satisfies it structurally; tests use a
 * recording fake to check the console layer alone.
 */

import type { ServicesControl } from './services-exec.js';

/** One line's call as the console sees it. */
export interface CallView {
  readonly direction: 'in' | 'out';
  readonly answered: boolean;
  readonly state: string;
  readonly muted: boolean;
  /** The far end's URI. */
  readonly peer: string;
}

/** An engine event: a discriminated union on `type`, plain data (printed as JSON as it is). */
export interface PhoneEventLike {
  readonly type: string;
}

export interface CallCommandOptionsLike {
  readonly subject?: string;
  readonly display?: string;
  readonly hideIdentity?: boolean;
}

export interface OptionsAnswer {
  readonly status: number;
  readonly reason: string;
  readonly allow?: string;
  readonly accept?: string;
}

/** A call's encryption as the engine reports it after a `zrtp` command. */
export interface ZrtpStatusLike {
  readonly method: string;
  readonly encrypted: boolean;
  readonly sas?: string;
  readonly sasVerified?: boolean;
}

export interface PhoneControl {
  readonly profiles: readonly string[];
  readonly activeProfile: string;
  readonly activeLine: number;
  readonly lineCount: number;
  /** What the engine found at startup that the user should be told (no sound card...). */
  readonly notices?: readonly string[];
  /** The SIP user agent, for the address it listens on (the engine's Phone has it). */
  readonly ua?: {
    readonly transport: {
      localAddress(protocol: 'udp'): { readonly host: string; readonly port: number } | undefined;
    };
  };
  callOn(line?: number): CallView | undefined;
  call(uri: string, options?: CallCommandOptionsLike): Promise<number>;
  redial(): Promise<number>;
  answer(line?: number): Promise<void>;
  reject(line?: number, status?: number): void;
  bye(line?: number): Promise<void>;
  hold(line?: number): Promise<void>;
  retrieve(line?: number): Promise<void>;
  mute(on: boolean, line?: number): void;
  dtmf(digits: string, line?: number): Promise<void>;
  register(profile?: string): Promise<void>;
  registerAll(): Promise<void>;
  deregister(profile?: string, all?: boolean): Promise<void>;
  fetchRegistrations(profile?: string): Promise<readonly string[]>;
  options(uri: string): Promise<OptionsAnswer>;
  selectLine(line: number): Promise<void>;
  /** Twinkle's `conference`: lines 1 and 2 in a local 3-way conference. */
  conference?(): Promise<void>;
  /** Every line's state; `conference` marks the lines in the conference. */
  lineStatus?(): readonly { readonly line: number; readonly conference?: boolean }[];
  selectProfile(name: string): void;
  setDnd(on: boolean, profile?: string): void;
  setAutoAnswer(on: boolean, profile?: string): void;
  /** Call forwarding of a profile; an empty list turns it off. */
  setForwarding(
    when: 'always' | 'busy' | 'noAnswer',
    destinations: readonly string[],
    profile?: string,
  ): void;
  /** Redirects the ringing call (302); returns the Contacts sent. */
  redirect(destinations: readonly string[], line?: number): readonly string[];
  /** Answers a redirect-ask; the line of the new call, undefined when declined. */
  answerRedirect(accept: boolean, line?: number): number | undefined;
  quit(): Promise<void>;
  /** Twinkle's `transfer` (optional: a phone without it refuses the command). */
  transfer?(destination?: string, options?: { consult?: boolean; otherLine?: boolean }): Promise<void>;
  /** The user's answer to a `transfer-request` event on a line (default the active one). */
  answerTransfer?(accept: boolean, line?: number): void;
  /** Twinkle's `zrtp` on a line (optional: a phone without it refuses the command); returns the encryption state. */
  zrtp?(action: 'encrypt' | 'go-clear' | 'confirm-sas' | 'reset-sas', line?: number): ZrtpStatusLike;
  on(listener: (event: PhoneEventLike) => void): () => void;
  /** MWI and voice mail (optional: a phone without them refuses `mwi` and `vm`). */
  readonly services?: ServicesControl;
}
