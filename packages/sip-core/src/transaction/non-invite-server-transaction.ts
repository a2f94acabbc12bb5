/** The non-INVITE server transaction (RFC 3261 17.2.2). */
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Source } from '../transport/types.js';
import type { MachineEvent, TransactionEnv } from './machine.js';
import { ServerTransactionBase } from './server-base.js';
import type { StateTable } from './state-table.js';
import type { ServerTransactionState } from './types.js';

export type NonInviteServerInput = 'retransmission' | 'provisional' | 'final' | 'timerJ' | 'transportError';
export type NonInviteServerAction = 'send' | 'resend' | 'absorb' | 'transportFailure' | 'none';

/** RFC 3261 figure 8 (states other than these four never occur). */
export const NON_INVITE_SERVER_TABLE: StateTable<
  ServerTransactionState,
  NonInviteServerInput,
  NonInviteServerAction
> = {
  trying: {
    retransmission: ['trying', 'absorb'], // 17.2.2: discarded while Trying
    provisional: ['proceeding', 'send'], // 17.2.2
    final: ['completed', 'send'], // 17.2.2: start Timer J
    transportError: ['terminated', 'transportFailure'], // 17.2.4
  },
  proceeding: {
    retransmission: ['proceeding', 'resend'], // 17.2.2: resend the most recent provisional
    provisional: ['proceeding', 'send'], // 17.2.2
    final: ['completed', 'send'], // 17.2.2
    transportError: ['terminated', 'transportFailure'], // 17.2.4
  },
  completed: {
    retransmission: ['completed', 'resend'], // 17.2.2: resend the final response
    timerJ: ['terminated', 'none'], // 17.2.2
    transportError: ['terminated', 'transportFailure'], // 17.2.2
  },
  accepted: {},
  confirmed: {},
  terminated: {},
};

export class NonInviteServerTransaction extends ServerTransactionBase<
  NonInviteServerInput,
  NonInviteServerAction
> {
  constructor(parts: { id: string; request: SipRequest; source: Source; env: TransactionEnv }) {
    super(NON_INVITE_SERVER_TABLE, 'trying', parts);
  }

  respond(response: SipResponse): void {
    const accepted = this.input(response.status < 200 ? 'provisional' : 'final', { response });
    if (!accepted)
      this.env.log.warn(`transaction ${this.id}: ${response.status} from TU in ${this.state} dropped`);
  }

  retransmission(): void {
    this.input('retransmission');
  }

  protected enter(state: ServerTransactionState): void {
    if (state === 'completed') this.startTimer('timerJ', this.env.timers.j);
  }

  protected perform(action: NonInviteServerAction, event: MachineEvent): void {
    switch (action) {
      case 'send':
        this.send(event.response!, 'transportError');
        return;
      case 'resend':
        this.resend('transportError');
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
