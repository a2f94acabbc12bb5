/**
 * What the engine is built from: the profile keys and system settings it
 * uses, as plain typed objects. The property names are those of the config
 * module's `Profile` and `SystemSettings` (Twinkle's keys in camelCase), so
 * a loaded profile passes as it is.
 */
import type { CodecRegistry } from '@twinkle/codecs';
import type { Clock, TimerValues } from '@twinkle/sip-core';
import type { CallHistorySink } from './call-record.js';
import type { MediaFactory, TonePlayer } from './media-port.js';

/** Twinkle's `dtmf_transport`. */
export type DtmfTransportName = 'rfc2833' | 'inband' | 'info' | 'auto';

/** The profile keys the engine reads (a subset of a Twinkle `.cfg`). */
export interface PhoneProfile {
  readonly userName: string;
  readonly userDomain: string;
  readonly userDisplay: string;
  readonly authRealm: string;
  readonly authName: string;
  readonly authPass: string;
  /** Server values are written without `sip:` (`proxy.example.com:5060;transport=tcp`). */
  readonly outboundProxy: string;
  readonly registrar: string;
  readonly registerAtStartup: boolean;
  /** Seconds. */
  readonly registrationTime: number;
  /** Twinkle codec names in preference order (`g711a`, `g711u`, `gsm`, `speex-nb`, ...). */
  readonly codecs: readonly string[];
  readonly ptime: number;
  readonly dtmfTransport: DtmfTransportName;
  readonly dtmfPayloadType: number;
  readonly dtmfDuration: number;
  readonly holdVariant: 'rfc2543' | 'rfc3264';
  readonly ext100rel: 'disabled' | 'supported' | 'preferred' | 'required';
  readonly sipTransport: 'udp' | 'tcp' | 'auto';
  readonly g726Packing?: 'rfc3551' | 'aal2';
  /** Seconds an outgoing call may ring before it is cancelled (Twinkle's timer_noanswer is for incoming; we use it both ways). */
  readonly timerNoanswer?: number;
}

/** A profile with its name (the file name without `.cfg`), as the config module's ProfileFile. */
export interface NamedProfile {
  readonly name: string;
  readonly profile: PhoneProfile;
}

/** The system settings the engine reads (a subset of `twinkle.sys`). */
export interface PhoneSystemSettings {
  readonly sipPort: number;
  readonly rtpPort: number;
  readonly devMic: string;
  readonly devSpeaker: string;
  readonly devRingtone: string;
  readonly callWaiting: boolean;
  readonly playRingtone?: boolean;
  readonly playRingback?: boolean;
}

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
  /** Ring tone and ringback players; none by default. */
  readonly tones?: TonePlayer;
  /** Codec implementations (default `createDefaultRegistry()`). */
  readonly codecs?: CodecRegistry;
  /** Number of lines (default 2, as Twinkle). */
  readonly lines?: number;
  /** Where finished calls go (the history module); a `history` event is emitted either way. */
  readonly history?: CallHistorySink;
  readonly clock?: Clock;
  /** SIP timers T1, T2, T4 in ms (RFC 3261 section 17; tests shorten them). */
  readonly sipTimers?: Partial<TimerValues>;
  /** User-Agent header. */
  readonly userAgent?: string;
  /** How long `quit()` may take, ms (default 3000). */
  readonly quitTimeoutMs?: number;
}

/** Options of {@link Phone.call} (Twinkle's `call -s -d -h`). */
export interface CallCommandOptions {
  /** Subject header. */
  readonly subject?: string;
  /** Display name of the called party (To). */
  readonly display?: string;
  /** Hide our identity: anonymous From and `Privacy: id` (RFC 3323, RFC 3325). */
  readonly hideIdentity?: boolean;
}

/** The answer to OPTIONS. */
export interface OptionsResult {
  readonly status: number;
  readonly reason: string;
  readonly allow?: string;
  readonly accept?: string;
}
