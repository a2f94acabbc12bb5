/**
 * Recorders for tests: a ClientTransactionUser that keeps what it is told,
 * and a collector of the server transactions a layer creates.
 */
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Clock } from '../time/clock.js';
import type {
  ClientFailure,
  ClientTransactionUser,
  ServerTransaction,
  StrayAck,
  TransactionLayerApi,
} from '../transaction/types.js';
import type { Source } from '../transport/types.js';

/** What a client transaction told its user, with the clock time of each event. */
export class RecordingClientUser implements ClientTransactionUser {
  readonly responses: SipResponse[] = [];
  readonly responseTimes: number[] = [];
  readonly failures: ClientFailure[] = [];
  terminatedAt: number | undefined;
  readonly #clock: Clock | undefined;

  constructor(clock?: Clock) {
    this.#clock = clock;
  }

  onResponse(response: SipResponse): void {
    this.responses.push(response);
    this.responseTimes.push(this.#clock?.now() ?? 0);
  }

  onFailure(failure: ClientFailure): void {
    this.failures.push(failure);
  }

  onTerminated(): void {
    this.terminatedAt = this.#clock?.now() ?? 0;
  }

  /** Status codes of the responses passed up, in order. */
  get statuses(): number[] {
    return this.responses.map((r) => r.status);
  }

  get terminated(): boolean {
    return this.terminatedAt !== undefined;
  }
}

/** Everything a transaction layer hands its core: new server transactions, stray ACKs and responses. */
export class LayerRecorder {
  readonly transactions: ServerTransaction[] = [];
  readonly cancels: SipRequest[] = [];
  readonly strayAcks: StrayAck[] = [];
  readonly strayResponses: { response: SipResponse; source: Source }[] = [];
  readonly #offs: (() => void)[];

  /** Starts recording; `respond`, when given, is called for each new server transaction. */
  constructor(layer: TransactionLayerApi, respond?: (tx: ServerTransaction) => void) {
    this.#offs = [
      layer.onRequest((tx) => {
        this.transactions.push(tx);
        tx.onCancel((c) => this.cancels.push(c));
        respond?.(tx);
      }),
      layer.onStrayAck((ack) => this.strayAcks.push(ack)),
      layer.onStrayResponse((response, source) => this.strayResponses.push({ response, source })),
    ];
  }

  /** The last server transaction created. */
  get last(): ServerTransaction | undefined {
    return this.transactions[this.transactions.length - 1];
  }

  stop(): void {
    for (const off of this.#offs) off();
  }
}
