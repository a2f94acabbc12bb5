/** One client transaction as a promise of its final response or failure. */
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { ClientFailure, TransactionLayerApi } from '../transaction/types.js';
import type { Destination } from '../transport/types.js';

export type TransactOutcome =
  | { readonly kind: 'response'; readonly response: SipResponse }
  | { readonly kind: 'failure'; readonly failure: ClientFailure };

/** Sends a request in a new client transaction; resolves with the first final response or the failure. */
export function transact(
  layer: TransactionLayerApi,
  request: SipRequest,
  destination: Destination,
): Promise<TransactOutcome> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: TransactOutcome): void => {
      if (done) return;
      done = true;
      resolve(o);
    };
    try {
      layer.sendRequest(request, destination, {
        onResponse: (response) => {
          if (response.status >= 200) finish({ kind: 'response', response });
        },
        onFailure: (failure) => finish({ kind: 'failure', failure }),
      });
    } catch (error) {
      finish({
        kind: 'failure',
        failure: { kind: 'transport', error: error instanceof Error ? error : new Error(String(error)) },
      });
    }
  });
}
