/**
 * What the engine is built from: the config module's Profile and
 * SystemSettings (Twinkle's keys in camelCase) and the seams to media,
 * tones and history.
 */
import type { CodecRegistry } from '@twinkle/codecs';
import type { Clock, TimerValues } from '@twinkle/sip-core';
import type { CallerNameSource } from '../addressbook/caller-name.js';
import type { Profile } from '../config/profile.js';
import type { Services } from '../config/services.js';
import type { SystemSettings } from '../config/system-settings.js';
import type { CallRecord } from '../history/call-record.js';
import type { ScriptOptions } from '../scripts/script-options.js';
import type { MediaFactory, TonePlayer } from './media-port.js';
import type { CallStateName } from './phone-events.js';

/** Twinkle's `dtmf_transport`. */
export type DtmfTransportName = Profile['dtmfTransport'];

/** The profile keys the engine reads: the config module's Profile. */
export type PhoneProfile = Profile;

/** A profile with its name and services, as the config module's ActiveProfile. */
export interface NamedProfile {
  readonly name: string;
  readonly profile: Profile;
  /** `dnd`, `auto_answer` and call forwarding (`cf_always`, `cf_busy`, `cf_noanswer`) from `<name>.svc`. */
  readonly services?: Pick<Services, 'dnd' | 'autoAnswer'> &
    Partial<Pick<Services, 'cfAlways' | 'cfBusy' | 'cfNoanswer'>>;
}

/** The system settings the engine reads: the config module's SystemSettings (`twinkle.sys`). */
export type PhoneSystemSettings = SystemSettings;

/** Options of {@link Phone.create}. */
export interface PhoneOptions {
  readonly settings: PhoneSystemSettings;
  /** Active profiles, at least one; the first is the active one unless `activeProfile` says otherwise. */
  readonly profiles: readonly NamedProfile[];
  readonly activeProfile?: string;
  /** Address to listen on for SIP and RTP (default `0.0.0.0`; tests `127.0.0.1`). */
  readonly address?: string;
  /** Address written into SDP and Contact when listening on all interfaces (default: the listen address, or 127.0.0.1). */
  readonly mediaAddress?: string;
  /** Makes the media session of each call (RTP, codec, devices). */
  readonly media: MediaFactory;
  /** Ring tone and ringback players; default: RingPlayers on dev_ringtone and dev_speaker with the settings' files. */
  readonly tones?: TonePlayer;
  /** The config directory: relative ring tone files are found there, as Twinkle does. */
  readonly configDir?: string;
  /** Codec implementations (default `createDefaultRegistry()`). */
  readonly codecs?: CodecRegistry;
  /** Number of lines (default 2, as Twinkle). */
  readonly lines?: number;
  /** Where finished calls go (the config store's CallHistory); a `history` event is emitted either way. */
  readonly history?: { add(record: CallRecord): Promise<boolean> | boolean };
  readonly clock?: Clock;
  /** SIP timers T1, T2, T4 in ms (RFC 3261 section 17; tests shorten them). */
  readonly sipTimers?: Partial<TimerValues>;
  /** User-Agent header. */
  readonly userAgent?: string;
  /** How long `quit()` may take, ms (default 3000). */
  readonly quitTimeoutMs?: number;
  /** The profile's scripts at the trigger points: timeouts and the environment they start from. */
  readonly scripts?: ScriptOptions;
  /** Names incoming callers when ab_lookup_name is on: the address book (twinkle.ab). */
  readonly addressBook?: CallerNameSource;
}

/** Options of {@link Phone.call} (Twinkle's `call -s -d -h`). */
export interface CallCommandOptions {
  /** Subject header. */
  readonly subject?: string;
  /** Display name of the called party (To). */
  readonly display?: string;
  /** Hide our identity: anonymous From and `Privacy: id` (RFC 3323, RFC 3325). */
  readonly hideIdentity?: boolean;
  /** Further header fields of the INVITE (a transfer's Referred-By and Replaces). */
  readonly headers?: readonly (readonly [string, string])[];
}

/** The answer to OPTIONS. */
export interface OptionsResult {
  readonly status: number;
  readonly reason: string;
  readonly allow?: string;
  readonly accept?: string;
}

/** One line as {@link Phone.lineStatus} reports it. */
export interface LineStatus {
  readonly line: number;
  readonly active: boolean;
  readonly state: CallStateName | 'idle';
  readonly direction?: 'in' | 'out';
  /** The far end's URI. */
  readonly peer?: string;
  readonly profile?: string;
  readonly muted?: boolean;
  /** The line's call is in the local conference. */
  readonly conference?: boolean;
}
