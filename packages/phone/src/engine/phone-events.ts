/**
 * Everything the engine reports, as one discriminated union with stable
 * `type` names: the console's `--json` mode prints each as one JSON object
 * per line, so every field is plain data (no class instances, no bigint).
 */
import type { ConferenceEvent } from '../conference/conference-events.js';
import type { CallRecord } from '../history/call-record.js';
import type { MessageComposingEvent, MessageReceivedEvent } from '../messaging/message-events.js';
import type { DialogStateEvent } from '../presence/dialog-watch.js';
import type { PresenceEvent, PresencePublishEvent } from '../presence/presence-events.js';
import type { SecurityEvent } from '../security/security-events.js';
import type { MwiEvent, MwiSubscriptionEvent } from '../services/mwi/mwi-events.js';
import type { TransferEvent, TransferRequestEvent } from '../transfer/transfer-events.js';

/** The states of a line's call, in Twinkle's terms. */
export type CallStateName =
  /** Outgoing: INVITE sent, no answer yet. */
  | 'calling'
  /** Outgoing: the far end rings (180); local ringback plays. */
  | 'ringing'
  /** Outgoing: 183 with SDP, the far end's early media plays. */
  | 'early-media'
  /** Incoming: our phone rings (`waiting` when another line has a call). */
  | 'incoming'
  | 'answered'
  /** We hold the far end. */
  | 'held'
  /** The far end holds us. */
  | 'remote-held'
  | 'ended';

export interface RegistrationEvent {
  readonly type: 'registration';
  readonly profile: string;
  readonly state: 'unregistered' | 'registering' | 'registered' | 'failed' | 'retrying';
  /** Seconds the binding lasts (registered). */
  readonly expires?: number;
  /** Why it failed: `408 Request Timeout`, `timeout`, a transport error. */
  readonly reason?: string;
  readonly status?: number;
}

export interface IncomingCallEvent {
  readonly type: 'incoming-call';
  readonly line: number;
  readonly profile: string;
  readonly from: string;
  readonly to: string;
  readonly subject?: string;
  /** Another line already has a call (call waiting). */
  readonly waiting: boolean;
  /** `from` is the P-Asserted-Identity of the trusted proxy, not the From header (RFC 3325). */
  readonly asserted?: boolean;
  /** What the incoming-call script said to show (its display_msg lines). */
  readonly messages?: readonly string[];
}

/**
 * A 3xx to our call and the profile says ask_user_to_redirect: the user
 * answers with `answerRedirect` (the console's `follow`).
 */
export interface RedirectAskEvent {
  readonly type: 'redirect-ask';
  readonly line: number;
  readonly profile: string;
  /** The party that redirected the call. */
  readonly from: string;
  /** Where to, best first (q-values); the first is called when the user agrees. */
  readonly contacts: readonly string[];
}

/** An incoming call turned away before it rang: do not disturb (480), busy (486), forwarded (302). */
export interface CallRefusedEvent {
  readonly type: 'call-refused';
  readonly profile: string;
  readonly from: string;
  readonly status: number;
  readonly reason: 'dnd' | 'busy' | 'forwarded' | 'quitting' | 'script';
  /** Where a forwarded call was sent. */
  readonly contacts?: readonly string[];
}

export interface CallStateEvent {
  readonly type: 'call-state';
  readonly line: number;
  readonly state: CallStateName;
  /** The status of the response behind the change, when there is one. */
  readonly status?: number;
  readonly reason?: string;
}

export interface CallEndedEvent {
  readonly type: 'call-ended';
  readonly line: number;
  /** `local`, `remote` or `stack` (timeout, transport error). */
  readonly by: 'local' | 'remote' | 'stack';
  /** bye, cancelled, rejected, timeout, transport-error... */
  readonly cause: string;
  readonly status?: number;
  readonly reason?: string;
  /** A 3xx's Contacts: where the call may be tried next (RFC 3261 8.1.3.4). */
  readonly contacts?: readonly string[];
}

export interface DtmfEvent {
  readonly type: 'dtmf';
  readonly line: number;
  readonly digit: string;
  readonly method: 'rfc2833' | 'inband' | 'info';
}

export interface MediaEvent {
  readonly type: 'media';
  readonly line: number;
  readonly codec: string;
  readonly payloadType: number;
  readonly clockRate: number;
  readonly ptime: number;
  readonly remote: string;
}

export interface ActiveLineEvent {
  readonly type: 'line';
  readonly line: number;
}

export interface ActiveProfileEvent {
  readonly type: 'profile';
  readonly profile: string;
}

export interface HistoryEvent {
  readonly type: 'history';
  /** Twinkle's twinkle.ch record (times in Unix seconds). */
  readonly record: CallRecord;
  /** An incoming call never answered here. */
  readonly missed: boolean;
}

/** Something the user should be told once (a device missing, a codec unknown). */
export interface NoticeEvent {
  readonly type: 'notice';
  readonly message: string;
}

export type PhoneEvent =
  | RegistrationEvent
  | IncomingCallEvent
  | CallRefusedEvent
  | CallStateEvent
  | CallEndedEvent
  | RedirectAskEvent
  | DtmfEvent
  | MediaEvent
  | ActiveLineEvent
  | ActiveProfileEvent
  | HistoryEvent
  | ConferenceEvent
  | MwiEvent
  | MwiSubscriptionEvent
  | MessageReceivedEvent
  | MessageComposingEvent
  | PresenceEvent
  | PresencePublishEvent
  | DialogStateEvent
  | NoticeEvent
  | TransferEvent
  | TransferRequestEvent
  | SecurityEvent;

/** The `type` names, for consumers that list them. */
export type PhoneEventType = PhoneEvent['type'];
