/**
 * The transaction layer contract (RFC 3261 section 17, RFC 6026). The UA core,
 * dialogs, registration and event subscriptions use only this.
 */
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Destination, Source } from '../transport/types.js';

/** Timer base values in milliseconds (RFC 3261 17.1.1.1, table 4). Per stack instance. */
export interface TimerValues {
  /** RTT estimate, default 500. */
  readonly t1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4000. */
  readonly t2: number;
  /** Maximum duration a message remains in the network, default 5000. */
  readonly t4: number;
}

export const DEFAULT_TIMERS: TimerValues = { t1: 500, t2: 4000, t4: 5000 };

export type ClientTransactionState =
  | 'calling'
  | 'trying'
  | 'proceeding'
  | 'accepted'
  | 'completed'
  | 'terminated';
export type ServerTransactionState =
  | 'trying'
  | 'proceeding'
  | 'accepted'
  | 'completed'
  | 'confirmed'
  | 'terminated';

/** Why a client transaction ended without a final response. */
export type ClientFailure =
  | { readonly kind: 'timeout' } // Timer B or F (RFC 3261 17.1.1.2, 17.1.2.2)
  | { readonly kind: 'transport'; readonly error: Error }; // RFC 3261 8.1.3.1, 17.1.4

/** What the user of a client transaction is told. */
export interface ClientTransactionUser {
  /** Every response that the transaction passes up (provisional and final; 2xx retransmissions for INVITE in Accepted). */
  onResponse(response: SipResponse): void;
  /** The transaction failed: the TU treats it as a 408 (timeout) or 503 (transport). */
  onFailure?(failure: ClientFailure): void;
  /** The transaction reached Terminated. */
  onTerminated?(): void;
}

export interface ClientTransaction {
  readonly id: string;
  readonly request: SipRequest;
  readonly destination: Destination;
  readonly state: ClientTransactionState;
  /** Builds and sends a CANCEL for this INVITE (RFC 3261 9.1): only after a provisional response was received. */
  cancel(reason?: string): void;
  /**
   * The destination is known to be unreachable (an ICMP error that a connected socket of the
   * user received, RFC 3261 section 18.4): before any response this ends the transaction as
   * a transport failure, as a failed send would; once the far end has answered, it is ignored.
   */
  unreachable(error: Error): void;
}

export interface ServerTransaction {
  readonly id: string;
  readonly request: SipRequest;
  readonly source: Source;
  readonly state: ServerTransactionState;
  /** Sends a response; the transaction keeps it for retransmission as RFC 3261 17.2 says. */
  respond(response: SipResponse): void;
  /** Called when a CANCEL matching this INVITE arrives (the layer answers the CANCEL itself with 200). */
  onCancel(listener: (cancel: SipRequest) => void): () => void;
  /** Called when the transaction terminates (after Timer H/I/J/L or a transport error). */
  onTerminated(listener: (reason: 'normal' | 'timeout' | 'transport-error') => void): () => void;
}

/** Requests that match no server transaction but must reach the core: ACK for 2xx (RFC 3261 17.2.3, 13.3.1.4). */
export interface StrayAck {
  readonly request: SipRequest;
  readonly source: Source;
}

export interface TransactionLayerApi {
  /** Starts a client transaction; the request's top Via must carry a fresh RFC 3261 branch (z9hG4bK...). */
  sendRequest(request: SipRequest, destination: Destination, user: ClientTransactionUser): ClientTransaction;
  /** Sends a request with no transaction: ACK for a 2xx (RFC 3261 13.2.2.4), which the TU retransmits itself. */
  sendStateless(request: SipRequest, destination: Destination): Promise<void>;
  /** New server transactions (a request that matched none). */
  onRequest(listener: (tx: ServerTransaction) => void): () => void;
  /** ACKs for 2xx responses and other requests that belong to no transaction. */
  onStrayAck(listener: (ack: StrayAck) => void): () => void;
  /** Responses that match no client transaction (a 2xx retransmission after Terminated, forking): RFC 3261 17.1.1.2 / RFC 6026. */
  onStrayResponse(listener: (response: SipResponse, source: Source) => void): () => void;
  readonly timers: TimerValues;
  close(): void;
}
