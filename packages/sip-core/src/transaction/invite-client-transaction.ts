/**
 * The INVITE client transaction (RFC 3261 17.1.1, amended by RFC 6026
 * section 7.2: a 2xx leads to Accepted, where further 2xx from other forks
 * are passed up until Timer M).
 */
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Destination } from '../transport/types.js';
import { buildCancel, buildNon2xxAck } from './ack-cancel.js';
import { Machine, type MachineEvent, type TransactionEnv } from './machine.js';
import type { StateTable } from './state-table.js';
import type { ClientTransaction, ClientTransactionUser } from './types.js';

export type InviteClientState = 'calling' | 'proceeding' | 'accepted' | 'completed' | 'terminated';
export type InviteClientInput =
  | 'provisional'
  | 'success'
  | 'failure'
  | 'timerA'
  | 'timerB'
  | 'timerD'
  | 'timerM'
  | 'cancelTimeout'
  | 'transportError';
export type InviteClientAction =
  | 'retransmit'
  | 'passUp'
  | 'ackAndPassUp'
  | 'reAck'
  | 'timeout'
  | 'transportFailure'
  | 'none';

/** RFC 3261 figure 5 with RFC 6026 figure 5's Accepted state. */
export const INVITE_CLIENT_TABLE: StateTable<InviteClientState, InviteClientInput, InviteClientAction> = {
  calling: {
    timerA: ['calling', 'retransmit'], // 17.1.1.2: retransmit, double Timer A
    timerB: ['terminated', 'timeout'], // 17.1.1.2: inform the TU of the timeout
    provisional: ['proceeding', 'passUp'], // 17.1.1.2: 1xx to TU
    success: ['accepted', 'passUp'], // RFC 6026 7.2: 2xx to TU, start Timer M
    failure: ['completed', 'ackAndPassUp'], // 17.1.1.2: ACK, response to TU, start Timer D
    transportError: ['terminated', 'transportFailure'], // 17.1.4
  },
  proceeding: {
    provisional: ['proceeding', 'passUp'], // 17.1.1.2: further 1xx to TU
    success: ['accepted', 'passUp'], // RFC 6026 7.2
    failure: ['completed', 'ackAndPassUp'], // 17.1.1.2
    cancelTimeout: ['terminated', 'timeout'], // 9.1: no final response 64*T1 after CANCEL
    transportError: ['terminated', 'transportFailure'], // 17.1.4
  },
  accepted: {
    success: ['accepted', 'passUp'], // RFC 6026 7.2: 2xx from other forks and retransmissions to TU
    timerM: ['terminated', 'none'], // RFC 6026 7.2
  },
  completed: {
    failure: ['completed', 'reAck'], // 17.1.1.2: retransmitted final response, ACK again, not to TU
    timerD: ['terminated', 'none'], // 17.1.1.2
    transportError: ['terminated', 'transportFailure'], // 17.1.1.2: ACK could not be sent
  },
  terminated: {},
};

/** Creates the CANCEL's own non-INVITE client transaction (the layer's business). */
export type CancelSender = (cancel: SipRequest, destination: Destination) => void;

export class InviteClientTransaction
  extends Machine<InviteClientState, InviteClientInput, InviteClientAction>
  implements ClientTransaction
{
  readonly id: string;
  readonly request: SipRequest;
  readonly destination: Destination;
  readonly #user: ClientTransactionUser;
  readonly #sendCancel: CancelSender;
  #interval = 0;
  #ack: SipRequest | undefined;
  /** A CANCEL asked for before any provisional response (9.1: wait for one); undefined when none. */
  #pendingCancel: { reason: string | undefined } | undefined;
  #cancelled = false;

  constructor(
    id: string,
    request: SipRequest,
    destination: Destination,
    parts: { user: ClientTransactionUser; env: TransactionEnv; sendCancel: CancelSender },
  ) {
    super(INVITE_CLIENT_TABLE, 'calling', parts.env);
    this.id = id;
    this.request = request;
    this.destination = destination;
    this.#user = parts.user;
    this.#sendCancel = parts.sendCancel;
  }

  /** Sends the INVITE and starts Timers A and B (17.1.1.2). */
  start(): void {
    const t = this.env.timers;
    this.#interval = t.a ?? 0;
    this.startTimer('timerA', t.a);
    this.startTimer('timerB', t.b);
    this.#transmit(this.request);
  }

  /** A response matched to this transaction (17.1.3). */
  receive(response: SipResponse): void {
    const s = response.status;
    this.input(s < 200 ? 'provisional' : s < 300 ? 'success' : 'failure', { response });
  }

  unreachable(error: Error): void {
    if (this.state === 'calling') this.input('transportError', { error });
  }

  cancel(reason?: string): void {
    if (this.#cancelled || this.#pendingCancel !== undefined) return;
    if (this.state === 'calling') this.#pendingCancel = { reason };
    else if (this.state === 'proceeding') this.#doCancel(reason);
    // 9.1: once a final response arrived the CANCEL SHOULD NOT be sent.
  }

  protected enter(state: InviteClientState): void {
    this.stopTimer('timerA');
    this.stopTimer('timerB');
    if (state === 'proceeding') {
      const pending = this.#pendingCancel;
      this.#pendingCancel = undefined;
      if (pending !== undefined) this.#doCancel(pending.reason);
      return;
    }
    this.#pendingCancel = undefined;
    this.stopTimer('cancelTimeout');
    if (state === 'accepted') this.startTimer('timerM', this.env.timers.m);
    else if (state === 'completed') this.startTimer('timerD', this.env.timers.d);
  }

  protected perform(action: InviteClientAction, event: MachineEvent): void {
    switch (action) {
      case 'retransmit':
        this.#interval *= 2; // 17.1.1.2: A doubles without a cap; Timer B ends it
        this.startTimer('timerA', this.#interval);
        this.#transmit(this.request);
        return;
      case 'passUp':
        this.#user.onResponse(event.response!);
        return;
      case 'ackAndPassUp':
        this.#ack = buildNon2xxAck(this.request, event.response!);
        this.#transmit(this.#ack);
        this.#user.onResponse(event.response!);
        return;
      case 'reAck':
        if (this.#ack !== undefined) this.#transmit(this.#ack);
        return;
      case 'timeout':
        this.#user.onFailure?.({ kind: 'timeout' });
        return;
      case 'transportFailure':
        this.#user.onFailure?.({ kind: 'transport', error: event.error! });
        return;
      case 'none':
        return;
    }
  }

  protected terminated(): void {
    this.#user.onTerminated?.();
  }

  #doCancel(reason: string | undefined): void {
    this.#cancelled = true;
    this.#sendCancel(buildCancel(this.request, reason), this.destination);
    this.startTimer('cancelTimeout', this.env.timers.b);
  }

  #transmit(message: SipRequest): void {
    this.watch(this.env.transport.sendRequest(message, this.destination), 'transportError');
  }
}
