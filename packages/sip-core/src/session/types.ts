/**
 * The public types of INVITE sessions (RFC 3261 sections 13 to 15): the
 * media seam the application implements, session states and the reason a
 * session ended. sip-core never looks inside a session description.
 */
import type { SipRequest, SipResponse } from '../message/sip-message.js';

/** An opaque message body: a session description or anything else (re's sipsess seam). */
export interface Body {
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** Why an offer is being asked for. */
export interface OfferOptions {
  /** The offer goes into a re-INVITE or UPDATE of an existing session (not the first offer). */
  readonly renegotiation: boolean;
  /** The carrying method: INVITE, UPDATE, a reliable 1xx / 2xx (offerless INVITE), PRACK. */
  readonly method: string;
}

/**
 * The media seam (RFC 3264 offer/answer), implemented by the application per
 * session, as SIP.js's SessionDescriptionHandler. The session decides WHEN an
 * offer or an answer is made or applied (RFC 3261 13.2.1, RFC 3262 5,
 * RFC 3311 5); the handler decides WHAT it says.
 */
export interface SessionDescriptionHandler {
  /** Makes an offer (initial, re-INVITE, UPDATE, or in a 2xx/1xx to an offerless INVITE). */
  getOffer(options: OfferOptions): Promise<Body>;
  /** Makes the answer to a remote offer (the offer is applied as part of this). */
  getAnswer(offer: Body): Promise<Body>;
  /** Applies the remote answer to our last offer. */
  setAnswer(answer: Body): Promise<void>;
  /** Our offer was not answered (the transaction failed, 491, CANCEL): go back to the previous state. */
  rollback?(): void;
  /** The session ended: release media. */
  close?(): void;
}

/** The life of a session (RFC 3261 13, 15). */
export type SessionStateName = 'initial' | 'early' | 'established' | 'terminated';

/**
 * Where a session may go from each state: early on a 1xx with a To tag
 * (RFC 3261 12.1), established on the 2xx (13.2.2.4, 13.3.1.4), terminated
 * by a final non-2xx, CANCEL, BYE (15) or a failure. No way back.
 */
export const SESSION_STATE_TABLE: Readonly<Record<SessionStateName, readonly SessionStateName[]>> = {
  initial: ['early', 'established', 'terminated'],
  early: ['established', 'terminated'],
  established: ['terminated'],
  terminated: [],
};

/** Who ended a session. */
export type SessionEndedBy = 'local' | 'remote' | 'stack';

/** Why a session ended: what the application shows. */
export interface TerminationReason {
  /** The status code that ended it (the final response of the INVITE, 487 for a cancel, 200 for a BYE). */
  readonly status?: number;
  /** A short machine-readable cause. */
  readonly cause: TerminationCause;
  readonly by: SessionEndedBy;
  /** The reason phrase or text of a Reason header. */
  readonly text?: string;
  /** For 3xx: the Contact URIs to try (RFC 3261 8.1.3.4), as written. */
  readonly contacts?: readonly string[];
  /** The response that ended the session, when there is one. */
  readonly response?: SipResponse;
}

export type TerminationCause =
  /** BYE sent or received. */
  | 'bye'
  /** CANCEL sent (487 received) or received. */
  | 'cancelled'
  /** The INVITE got a 3xx-6xx (or we rejected it). */
  | 'rejected'
  /** 3xx with Contacts to try. */
  | 'redirected'
  /** Timer B: no final response (RFC 3261 17.1.1.2): a 408. */
  | 'timeout'
  /** The transport failed: a 503 (RFC 3261 8.1.3.1). */
  | 'transport-error'
  /** No ACK for our 2xx within 64*T1 (RFC 3261 13.3.1.4). */
  | 'no-ack'
  /** No PRACK for a reliable 1xx within 64*T1 (RFC 3262 3). */
  | 'no-prack'
  /** Session timer expired without refresh (RFC 4028 10). */
  | 'session-expired'
  /** An in-dialog request got 481 or 408 (RFC 3261 12.2.1.2). */
  | 'dialog-gone'
  /** A forked 2xx we did not keep (RFC 3261 13.2.2.4). */
  | 'forked'
  /** The stack closed. */
  | 'closed';

/** A state change event. `reason` is set when the state is `terminated`. */
export interface SessionStateChange {
  readonly state: SessionStateName;
  readonly previous: SessionStateName;
  readonly reason?: TerminationReason;
}

/** Reliable provisional responses (RFC 3262): how this side uses 100rel. */
export type ReliableProvisionalMode =
  /** Never: no Supported: 100rel, never a reliable 1xx. */
  | 'disabled'
  /** Supported: 100rel; the UAS sends reliable 1xx only when the UAC requires it. */
  | 'supported'
  /** Supported: 100rel; the UAS sends reliable 1xx whenever the UAC supports it. */
  | 'preferred'
  /** Require: 100rel on INVITEs; the UAS rejects INVITEs without 100rel support with 420. */
  | 'required';

/** Session timer settings (RFC 4028). */
export interface SessionTimerOptions {
  /** Proposed Session-Expires in seconds (default 1800); 0 disables session timers. */
  readonly expires?: number;
  /** Our Min-SE in seconds (default and floor 90, RFC 4028 4). */
  readonly minSe?: number;
  /** Which side we ask to refresh when we are the UAC (default: let the UAS choose). */
  readonly refresher?: 'uac' | 'uas';
  /** Refresh with UPDATE when the peer allows it, else re-INVITE (default true). */
  readonly preferUpdate?: boolean;
}

/**
 * What one session runs with instead of the layer's defaults: a phone with
 * several accounts (profiles) uses each account's 100rel mode and session
 * timers for its own calls.
 */
export interface SessionPolicy {
  readonly reliableProvisional?: ReliableProvisionalMode;
  readonly sessionTimer?: SessionTimerOptions;
}

/** An in-dialog request handed to the application (INFO, MESSAGE, NOTIFY, ...). */
export interface IncomingSessionRequest {
  readonly request: SipRequest;
  /** Sends the final response (default body none); call once. */
  respond(
    status: number,
    options?: { reason?: string; body?: Body; headers?: readonly [string, string][] },
  ): void;
}

/** Options of an in-dialog request sent by the application. */
export interface SessionRequestOptions {
  readonly body?: Body;
  readonly headers?: readonly (readonly [string, string])[];
}

/** A renegotiation that completed. */
export interface Renegotiation {
  readonly by: 'local' | 'remote';
  readonly method: 'INVITE' | 'UPDATE' | 'PRACK';
}

/** Logger (default silent). */
export interface SessionLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentSessionLogger: SessionLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
