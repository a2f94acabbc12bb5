/**
 * The INVITE server transaction (RFC 3261 17.2.1, amended by RFC 6026
 * section 7.1: a 2xx leads to Accepted, where retransmitted INVITEs are
 * absorbed and ACKs passed to the core until Timer L).
 */
import { createResponse } from '../message/build.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Source } from '../transport/types.js';
import type { MachineEvent, TransactionEnv } from './machine.js';
import { ServerTransactionBase } from './server-base.js';
import type { StateTable } from './state-table.js';
import type { ServerTransactionState } from './types.js';

export type InviteServerInput =
  | 'retransmission'
  | 'ack'
  | 'provisional'
  | 'success'
  | 'failure'
  | 'timerTrying'
  | 'timerG'
  | 'timerH'
  | 'timerI'
  | 'timerL'
  | 'transportError';
export type InviteServerAction =
  | 'send'
  | 'resend'
  | 'sendTrying'
  | 'retransmitFinal'
  | 'passAck'
  | 'absorb'
  | 'timeout'
  | 'transportFailure'
  | 'none';

/** RFC 3261 figure 7 with RFC 6026 figure 7's Accepted state. */
export const INVITE_SERVER_TABLE: StateTable<ServerTransactionState, InviteServerInput, InviteServerAction> =
  {
    proceeding: {
      retransmission: ['proceeding', 'resend'], // 17.2.1: resend the most recent provisional
      timerTrying: ['proceeding', 'sendTrying'], // 17.2.1: 100 Trying when the TU is silent 200 ms
      provisional: ['proceeding', 'send'], // 17.2.1
      success: ['accepted', 'send'], // RFC 6026 7.1: start Timer L
      failure: ['completed', 'send'], // 17.2.1: start Timers G and H
      transportError: ['terminated', 'transportFailure'], // 17.2.4
    },
    accepted: {
      retransmission: ['accepted', 'absorb'], // RFC 6026 7.1: absorbed, the TU retransmits the 2xx
      ack: ['accepted', 'passAck'], // RFC 6026 7.1: ACK for the 2xx goes to the TU
      success: ['accepted', 'send'], // RFC 6026 7.1: 2xx retransmissions from the TU sent
      timerL: ['terminated', 'none'], // RFC 6026 7.1
      transportError: ['terminated', 'transportFailure'], // RFC 6026 7.1 / 17.2.4
    },
    completed: {
      retransmission: ['completed', 'resend'], // 17.2.1: resend the final response
      timerG: ['completed', 'retransmitFinal'], // 17.2.1: G = min(2G, T2)
      ack: ['confirmed', 'none'], // 17.2.1: start Timer I
      timerH: ['terminated', 'timeout'], // 17.2.1: no ACK, inform the TU
      transportError: ['terminated', 'transportFailure'], // 17.2.1
    },
    confirmed: {
      ack: ['confirmed', 'absorb'], // 17.2.1: ACK retransmissions absorbed
      retransmission: ['confirmed', 'absorb'], // 17.2.1
      timerI: ['terminated', 'none'], // 17.2.1
    },
    trying: {},
    terminated: {},
  };

/** Hands an ACK the transaction does not consume to the core (RFC 6026 7.1). */
export type AckSink = (ack: SipRequest, source: Source) => void;

export class InviteServerTransaction extends ServerTransactionBase<InviteServerInput, InviteServerAction> {
  readonly #passAck: AckSink;
  #interval = 0;

  constructor(parts: {
    id: string;
    request: SipRequest;
    source: Source;
    env: TransactionEnv;
    passAck: AckSink;
    tryingDelayMs: number;
  }) {
    super(INVITE_SERVER_TABLE, 'proceeding', parts);
    this.#passAck = parts.passAck;
    this.startTimer('timerTrying', parts.tryingDelayMs);
  }

  respond(response: SipResponse): void {
    const s = response.status;
    const accepted = this.input(s < 200 ? 'provisional' : s < 300 ? 'success' : 'failure', { response });
    if (accepted) return;
    if (this.state === 'terminated' && s >= 200 && s < 300) {
      // After Timer L the TU may still retransmit its 2xx (13.3.1.4); nothing here needs it.
      this.env.transport.sendResponse(response, this.source).catch(() => {});
      return;
    }
    this.env.log.warn(`transaction ${this.id}: ${s} from TU in ${this.state} dropped`);
  }

  retransmission(): void {
    this.input('retransmission');
  }

  /** An ACK matched to this transaction (17.2.3). */
  ack(request: SipRequest, source: Source): void {
    this.input('ack', { request, source });
  }

  protected enter(state: ServerTransactionState): void {
    this.stopTimer('timerTrying');
    const t = this.env.timers;
    if (state === 'accepted') this.startTimer('timerL', t.l);
    else if (state === 'completed') {
      this.#interval = t.g ?? 0;
      this.startTimer('timerG', t.g);
      this.startTimer('timerH', t.h);
    } else if (state === 'confirmed') {
      this.stopTimer('timerG');
      this.stopTimer('timerH');
      this.startTimer('timerI', t.i);
    }
  }

  protected perform(action: InviteServerAction, event: MachineEvent): void {
    switch (action) {
      case 'send':
        this.stopTimer('timerTrying');
        this.send(event.response!, 'transportError');
        return;
      case 'resend':
        this.resend('transportError');
        return;
      case 'sendTrying':
        // 17.2.1: built per 8.2.6, without a To tag.
        this.send(createResponse(this.request, 100), 'transportError');
        return;
      case 'retransmitFinal':
        this.#interval = Math.min(2 * this.#interval, this.env.timers.t2);
        this.startTimer('timerG', this.#interval);
        this.resend('transportError');
        return;
      case 'passAck':
        this.#passAck(event.request!, event.source!);
        return;
      case 'timeout':
        this.endReason = 'timeout';
        return;
      case 'transportFailure':
        this.endReason = 'transport-error';
        return;
      case 'absorb':
      case 'none':
        return;
    }
  }
}
