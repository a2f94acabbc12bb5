/**
 * What the INVITE and non-INVITE server transactions share: the last
 * response kept for retransmission (17.2), the CANCEL and termination
 * listeners, and sending through the transport with errors as inputs.
 */
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Source } from '../transport/types.js';
import { Emitter } from '../util/emitter.js';
import { Machine, type TransactionEnv } from './machine.js';
import type { StateTable } from './state-table.js';
import type { ServerTransaction, ServerTransactionState } from './types.js';

export type TerminationReason = 'normal' | 'timeout' | 'transport-error';

export abstract class ServerTransactionBase<I extends string, A extends string>
  extends Machine<ServerTransactionState, I, A>
  implements ServerTransaction
{
  readonly id: string;
  readonly request: SipRequest;
  readonly source: Source;
  /** The most recent response sent, resent on request retransmissions. */
  protected last: SipResponse | undefined;
  protected endReason: TerminationReason = 'normal';
  readonly #cancels = new Emitter<SipRequest>();
  readonly #ends = new Emitter<TerminationReason>();

  protected constructor(
    table: StateTable<ServerTransactionState, I, A>,
    initial: ServerTransactionState,
    parts: { id: string; request: SipRequest; source: Source; env: TransactionEnv },
  ) {
    super(table, initial, parts.env);
    this.id = parts.id;
    this.request = parts.request;
    this.source = parts.source;
  }

  abstract respond(response: SipResponse): void;
  /** A retransmission of the request arrived (17.2.3 matched it here). */
  abstract retransmission(): void;

  /** The To tag of the last response sent (the 200 to a CANCEL reuses it, RFC 3261 9.2). */
  get toTag(): string | undefined {
    return this.last?.to?.tag;
  }

  /** Whether a final response was sent. */
  get answered(): boolean {
    return this.last !== undefined && this.last.status >= 200;
  }

  onCancel(listener: (cancel: SipRequest) => void): () => void {
    return this.#cancels.on(listener);
  }

  onTerminated(listener: (reason: TerminationReason) => void): () => void {
    return this.#ends.on(listener);
  }

  /** @internal The layer matched a CANCEL to this transaction (9.2) while no final response was sent. */
  cancelled(cancel: SipRequest): void {
    this.#cancels.emit(cancel);
  }

  protected terminated(): void {
    this.#ends.emit(this.endReason);
  }

  /** Sends `response` and keeps it as the one to retransmit. */
  protected send(response: SipResponse, transportError: I): void {
    this.last = response;
    this.resend(transportError);
  }

  protected resend(transportError: I): void {
    if (this.last !== undefined)
      this.watch(this.env.transport.sendResponse(this.last, this.source), transportError);
  }
}
