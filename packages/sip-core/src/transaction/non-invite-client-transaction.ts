/** The non-INVITE client transaction (RFC 3261 17.1.2). */
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Destination } from '../transport/types.js';
import { TransactionError } from './errors.js';
import { Machine, type MachineEvent, type TransactionEnv } from './machine.js';
import type { StateTable } from './state-table.js';
import type { ClientTransaction, ClientTransactionUser } from './types.js';

export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';
export type NonInviteClientInput =
  | 'provisional'
  | 'final'
  | 'timerE'
  | 'timerF'
  | 'timerK'
  | 'transportError';
export type NonInviteClientAction =
  | 'retransmit'
  | 'passUp'
  | 'absorb'
  | 'timeout'
  | 'transportFailure'
  | 'none';

/** RFC 3261 figure 6. */
export const NON_INVITE_CLIENT_TABLE: StateTable<
  NonInviteClientState,
  NonInviteClientInput,
  NonInviteClientAction
> = {
  trying: {
    timerE: ['trying', 'retransmit'], // 17.1.2.2: retransmit, E = min(2E, T2)
    timerF: ['terminated', 'timeout'], // 17.1.2.2: inform the TU of the timeout
    provisional: ['proceeding', 'passUp'], // 17.1.2.2
    final: ['completed', 'passUp'], // 17.1.2.2: 200-699 to TU, start Timer K
    transportError: ['terminated', 'transportFailure'], // 17.1.4
  },
  proceeding: {
    timerE: ['proceeding', 'retransmit'], // 17.1.2.2: retransmit, E = T2
    timerF: ['terminated', 'timeout'], // 17.1.2.2
    provisional: ['proceeding', 'passUp'], // 17.1.2.2
    final: ['completed', 'passUp'], // 17.1.2.2
    transportError: ['terminated', 'transportFailure'], // 17.1.4
  },
  completed: {
    provisional: ['completed', 'absorb'], // 17.1.2.2: retransmissions absorbed while Timer K runs
    final: ['completed', 'absorb'], // 17.1.2.2
    timerK: ['terminated', 'none'], // 17.1.2.2
  },
  terminated: {},
};

export class NonInviteClientTransaction
  extends Machine<NonInviteClientState, NonInviteClientInput, NonInviteClientAction>
  implements ClientTransaction
{
  readonly id: string;
  readonly request: SipRequest;
  readonly destination: Destination;
  readonly #user: ClientTransactionUser;
  #interval = 0;

  constructor(
    id: string,
    request: SipRequest,
    destination: Destination,
    parts: { user: ClientTransactionUser; env: TransactionEnv },
  ) {
    super(NON_INVITE_CLIENT_TABLE, 'trying', parts.env);
    this.id = id;
    this.request = request;
    this.destination = destination;
    this.#user = parts.user;
  }

  /** Sends the request and starts Timers E and F (17.1.2.2). */
  start(): void {
    const t = this.env.timers;
    this.#interval = t.e ?? 0;
    this.startTimer('timerE', t.e);
    this.startTimer('timerF', t.f);
    this.#transmit();
  }

  receive(response: SipResponse): void {
    this.input(response.status < 200 ? 'provisional' : 'final', { response });
  }

  unreachable(error: Error): void {
    if (this.state === 'trying') this.input('transportError', { error });
  }

  /** CANCEL is for INVITE only here: RFC 3261 9.1 says non-INVITE requests SHOULD NOT be cancelled. */
  cancel(): void {
    throw new TransactionError('not-invite', `cannot cancel a ${this.request.method} transaction`);
  }

  protected enter(state: NonInviteClientState): void {
    if (state === 'completed') {
      this.stopTimer('timerE');
      this.stopTimer('timerF');
      this.startTimer('timerK', this.env.timers.k);
    }
  }

  protected perform(action: NonInviteClientAction, event: MachineEvent): void {
    switch (action) {
      case 'retransmit': {
        const t2 = this.env.timers.t2;
        // 17.1.2.2: doubling up to T2 while Trying; T2 once a provisional arrived.
        this.#interval = this.state === 'trying' ? Math.min(2 * this.#interval, t2) : t2;
        this.startTimer('timerE', this.#interval);
        this.#transmit();
        return;
      }
      case 'passUp':
        this.#user.onResponse(event.response!);
        return;
      case 'timeout':
        this.#user.onFailure?.({ kind: 'timeout' });
        return;
      case 'transportFailure':
        this.#user.onFailure?.({ kind: 'transport', error: event.error! });
        return;
      case 'absorb':
      case 'none':
        return;
    }
  }

  protected terminated(): void {
    this.#user.onTerminated?.();
  }

  #transmit(): void {
    this.watch(this.env.transport.sendRequest(this.request, this.destination), 'transportError');
  }
}
