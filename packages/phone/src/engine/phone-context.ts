/**
 * What the parts of the phone share. Feature modules (incoming calls,
 * dialing, transfer, conference, services) take a PhoneContext instead of
 * reaching into the Phone class, so each feature lives in its own file and
 * the Phone only routes commands to them.
 */
import type { UserAgent } from '@twinkle/sip-core';
import type { SignallingHint } from '../security/sdes-lines.js';
import type { CallHooks } from './call.js';
import type { CallMedia } from './call-media.js';
import type { LineTable } from './line-table.js';
import type { TonePlayer } from './media-port.js';
import type { PhoneEvent } from './phone-events.js';
import type { PhoneOptions } from './phone-options.js';
import type { ProfileSet } from './profile-set.js';
import type { ProfileState } from './profile-state.js';

export interface PhoneContext {
  readonly ua: UserAgent;
  readonly options: PhoneOptions;
  readonly profiles: ProfileSet;
  readonly lines: LineTable;
  readonly tones: TonePlayer;
  /** Reports an event to the phone's listeners (notices are also kept). */
  readonly emit: (event: PhoneEvent) => void;
  /** Wall-clock time, ms since the epoch. */
  readonly now: () => number;
  /** The phone has quit (or is quitting): start nothing new. */
  readonly closed: () => boolean;
  /**
   * The media of a new call on a line, for the profile's codecs; `hint` (the URI called or
   * the INVITE received) tells whether SIP runs over TLS (SDES-SRTP).
   */
  readonly newMedia: (profile: ProfileState, line: number, hint?: SignallingHint) => CallMedia;
  /** What every new Call reports to. */
  readonly callHooks: () => CallHooks;
}
