/**
 * The transaction layer (RFC 3261 section 17, RFC 6026): creates client and
 * server transactions, matches incoming messages to them (17.1.3, 17.2.3,
 * with the RFC 2543 fallback), answers CANCEL (9.2) and hands what belongs
 * to no transaction to the core.
 */
import { createResponse, randomTag } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { type Clock, systemClock } from '../time/clock.js';
import type { Destination, Incoming, Source, TransportLayer } from '../transport/types.js';
import { Emitter } from '../util/emitter.js';
import { TransactionError } from './errors.js';
import { InviteClientTransaction } from './invite-client-transaction.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { silentTransactionLogger, type TransactionLogger } from './logger.js';
import type { TransactionEnv } from './machine.js';
import { clientKey, isRfc3261Branch, responseKey } from './matching.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import { ServerIndex, type ServerTx } from './server-index.js';
import { type TransactionTimers, transactionTimers } from './timer-values.js';
import {
  type ClientTransaction,
  type ClientTransactionUser,
  DEFAULT_TIMERS,
  type ServerTransaction,
  type StrayAck,
  type TimerValues,
  type TransactionLayerApi,
} from './types.js';

export interface TransactionLayerOptions {
  readonly transport: TransportLayer;
  /** Default: the system clock. Tests pass a VirtualClock. */
  readonly clock?: Clock;
  /** T1, T2 and T4 of this layer (RFC 3261 table 4); missing ones take the defaults. */
  readonly timers?: Partial<TimerValues>;
  readonly logger?: TransactionLogger;
  /** How long the server INVITE transaction waits for the TU before sending 100 Trying itself (17.2.1, default 200 ms). */
  readonly tryingDelayMs?: number;
  /** Random bytes for the To tags of the responses the layer makes itself (CANCEL, 481, 500); default node:crypto. */
  readonly random?: (bytes: number) => Uint8Array;
}

type ClientTx = InviteClientTransaction | NonInviteClientTransaction;

/** The RFC 3261 transaction layer over one TransportLayer. */
export class TransactionLayer implements TransactionLayerApi {
  readonly timers: TimerValues;
  readonly #transport: TransportLayer;
  readonly #clock: Clock;
  readonly #log: TransactionLogger;
  readonly #tryingDelay: number;
  readonly #tag: () => string;
  readonly #reliable: TransactionTimers;
  readonly #unreliable: TransactionTimers;
  readonly #clients = new Map<string, ClientTx>();
  readonly #servers: ServerIndex;
  readonly #requests = new Emitter<ServerTransaction>();
  readonly #strayAcks = new Emitter<StrayAck>();
  readonly #strayResponses = new Emitter<{ response: SipResponse; source: Source }>();
  readonly #off: () => void;
  #closed = false;

  constructor(options: TransactionLayerOptions) {
    const t = { ...DEFAULT_TIMERS, ...options.timers };
    if (!(t.t1 > 0 && t.t2 >= t.t1 && t.t4 > 0)) throw new RangeError('timers need T1 > 0, T2 >= T1, T4 > 0');
    this.timers = t;
    this.#transport = options.transport;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? silentTransactionLogger;
    this.#tryingDelay = options.tryingDelayMs ?? 200;
    const random = options.random;
    this.#tag = random === undefined ? randomTag : () => hex(random(8));
    this.#reliable = transactionTimers(t, true);
    this.#unreliable = transactionTimers(t, false);
    this.#servers = new ServerIndex();
    this.#off = this.#transport.onMessage((incoming) => this.#receive(incoming));
  }

  /** How many transactions are alive (for tests and statistics). */
  get size(): { readonly clients: number; readonly servers: number } {
    return { clients: this.#clients.size, servers: this.#servers.size };
  }

  sendRequest(request: SipRequest, destination: Destination, user: ClientTransactionUser): ClientTransaction {
    if (this.#closed) throw new TransactionError('closed', 'transaction layer closed');
    if (request.method === 'ACK') throw new TransactionError('ack', 'ACK is sent without a transaction');
    const branch = request.via?.[0]?.branch;
    if (!isRfc3261Branch(branch))
      throw new TransactionError('bad-branch', 'the top Via needs a branch starting with z9hG4bK');
    const id = clientKey(branch, request.method);
    if (this.#clients.has(id)) throw new TransactionError('duplicate', `a transaction ${id} exists`);
    const env = this.#env(this.#transport.isReliable(destination.protocol), () => this.#clients.delete(id));
    const tx: ClientTx =
      request.method === 'INVITE'
        ? new InviteClientTransaction(id, request, destination, {
            user,
            env,
            sendCancel: (cancel, to) => this.#sendCancel(cancel, to),
          })
        : new NonInviteClientTransaction(id, request, destination, { user, env });
    this.#clients.set(id, tx);
    tx.start();
    return tx;
  }

  sendStateless(request: SipRequest, destination: Destination): Promise<void> {
    if (this.#closed) return Promise.reject(new TransactionError('closed', 'transaction layer closed'));
    return this.#transport.sendRequest(request, destination);
  }

  onRequest(listener: (tx: ServerTransaction) => void): () => void {
    return this.#requests.on(listener);
  }

  onStrayAck(listener: (ack: StrayAck) => void): () => void {
    return this.#strayAcks.on(listener);
  }

  onStrayResponse(listener: (response: SipResponse, source: Source) => void): () => void {
    return this.#strayResponses.on((e) => listener(e.response, e.source));
  }

  /** Stops listening and ends every transaction without further messages or callbacks. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#off();
    for (const tx of this.#clients.values()) tx.abort();
    this.#clients.clear();
    this.#servers.abortAll();
  }

  #env(reliable: boolean, remove: () => void): TransactionEnv {
    return {
      clock: this.#clock,
      transport: this.#transport,
      log: this.#log,
      timers: reliable ? this.#reliable : this.#unreliable,
      remove,
    };
  }

  /** The CANCEL runs in a non-INVITE client transaction of its own (9.1); its outcome is only logged. */
  #sendCancel(cancel: SipRequest, destination: Destination): void {
    if (this.#closed) return;
    try {
      this.sendRequest(cancel, destination, {
        onResponse: (r) => this.#log.debug(`CANCEL answered ${r.status}`),
        onFailure: (f) => this.#log.info(`CANCEL failed: ${f.kind}`),
      });
    } catch (error) {
      // The TU sent a CANCEL of its own with this branch already ('duplicate'): that one stands.
      this.#log.warn('CANCEL not sent', error);
    }
  }

  #receive(incoming: Incoming): void {
    if (this.#closed) return;
    try {
      const m = incoming.message;
      if (m.kind === 'response') this.#receiveResponse(m, incoming.source);
      else this.#receiveRequest(m, incoming.source);
    } catch (error) {
      // A throwing TU must not break the transport that delivered the message.
      this.#log.error('transaction user failed', error);
    }
  }

  /** 17.1.3: by branch and CSeq method; a response matching nothing goes to the core (17.1.1.2, RFC 6026). */
  #receiveResponse(response: SipResponse, source: Source): void {
    // 18.1.2: a malformed response is discarded. The parser leaves header names and bare CRs
    // to validation (so that requests get a 400 naming the fault); responses get no answer.
    const malformed = response.headerLineError();
    if (malformed !== undefined) {
      this.#log.info(`${response.status} response discarded: ${malformed}`);
      return;
    }
    const key = responseKey(response);
    const tx = key === undefined ? undefined : this.#clients.get(key);
    if (tx !== undefined) tx.receive(response);
    else this.#strayResponses.emit({ response, source });
  }

  #receiveRequest(request: SipRequest, source: Source): void {
    const via = request.via?.[0];
    if (via === undefined) {
      this.#log.warn(`${request.method} without a usable Via dropped: no way to answer it`);
      return;
    }
    const index = this.#servers;
    if (request.method === 'ACK') {
      const tx = index.matchAck(request, via);
      if (tx instanceof InviteServerTransaction) tx.ack(request, source);
      else this.#strayAcks.emit({ request, source }); // 17.2.3: ACK for a 2xx, or no transaction
      return;
    }
    const existing = index.match(request, via);
    if (existing !== undefined) {
      existing.retransmission();
      return;
    }
    const tx = this.#createServer(request, via, source);
    if (request.method === 'CANCEL') {
      this.#answerCancel(tx, request, index.cancelTarget(request, via));
      return;
    }
    if (this.#requests.listenerCount === 0) {
      this.#log.warn(`${request.method} arrived with no transaction user`);
      tx.respond(createResponse(request, 500, 'No Transaction User', { generateTag: this.#tag }));
      return;
    }
    try {
      this.#requests.emit(tx);
    } catch (error) {
      // Without an answer the transaction would wait forever (no RFC timer ends a server transaction in Trying).
      this.#log.error(`transaction user failed on ${request.method}`, error);
      if (!tx.answered) tx.respond(createResponse(request, 500, undefined, { generateTag: this.#tag }));
    }
  }

  #createServer(request: SipRequest, via: NonNullable<SipRequest['via']>[number], source: Source): ServerTx {
    const keys = this.#servers.keysOf(request, via);
    const env = this.#env(this.#transport.isReliable(source.protocol), () => this.#servers.remove(tx, keys));
    const parts = { id: keys.id, request, source, env };
    const tx: ServerTx =
      request.method === 'INVITE'
        ? new InviteServerTransaction({
            ...parts,
            tryingDelayMs: this.#tryingDelay,
            passAck: (ack, from) => this.#strayAcks.emit({ request: ack, source: from }),
          })
        : new NonInviteServerTransaction(parts);
    this.#servers.add(tx, keys);
    return tx;
  }

  /**
   * 9.2: a CANCEL matching a transaction is answered 200 (with the To tag of
   * the transaction's responses) and, while no final response was sent,
   * reported to it; a CANCEL matching nothing gets 481.
   */
  #answerCancel(cancelTx: ServerTx, cancel: SipRequest, target: ServerTx | undefined): void {
    if (target === undefined) {
      cancelTx.respond(createResponse(cancel, 481, undefined, { generateTag: this.#tag }));
      return;
    }
    const toTag = target.toTag;
    cancelTx.respond(
      createResponse(cancel, 200, undefined, toTag === undefined ? { generateTag: this.#tag } : { toTag }),
    );
    if (!target.answered) target.cancelled(cancel);
  }
}

const hex = (bytes: Uint8Array): string => {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
};
