/**
 * The server transactions of a layer, indexed for RFC 3261 17.2.3 matching:
 * branch + sent-by + method for RFC 3261 branches, and the RFC 2543 rule
 * (Request-URI, tags, Call-ID, CSeq, top Via) for the others. Each entry is
 * also indexed under a method wildcard, which is how a CANCEL finds the
 * request it cancels (9.2: any method but CANCEL and ACK).
 */
import type { Via } from '../headers/types.js';
import type { SipRequest } from '../message/sip-message.js';
import type { InviteServerTransaction } from './invite-server-transaction.js';
import { isRfc3261Branch, legacyKey, serverKey, toTagOf } from './matching.js';
import type { NonInviteServerTransaction } from './non-invite-server-transaction.js';

export type ServerTx = InviteServerTransaction | NonInviteServerTransaction;

/** Where a transaction is filed. */
export interface ServerKeys {
  readonly id: string;
  readonly legacy: boolean;
  readonly own: string;
  /** The wildcard key a CANCEL looks up; undefined for a CANCEL's own transaction. */
  readonly target: string | undefined;
}

const ANY = '*';

export class ServerIndex {
  readonly #byKey = new Map<string, ServerTx>();
  readonly #legacy = new Map<string, ServerTx[]>();
  #count = 0;
  #serial = 0;

  get size(): number {
    return this.#count;
  }

  keysOf(request: SipRequest, via: Via): ServerKeys {
    const method = request.method;
    const target = method === 'CANCEL' ? undefined : ANY;
    const branch = via.branch;
    if (isRfc3261Branch(branch)) {
      const own = serverKey(branch, via, method);
      return { id: own, legacy: false, own, target: target && serverKey(branch, via, target) };
    }
    const own = legacyKey(request, via, method);
    this.#serial++;
    return {
      id: `rfc2543#${this.#serial}\n${own}`,
      legacy: true,
      own,
      target: target && legacyKey(request, via, target),
    };
  }

  add(tx: ServerTx, keys: ServerKeys): void {
    this.#count++;
    if (!keys.legacy) {
      this.#byKey.set(keys.own, tx);
      if (keys.target !== undefined) this.#byKey.set(keys.target, tx);
      return;
    }
    for (const k of [keys.own, keys.target]) {
      if (k === undefined) continue;
      const list = this.#legacy.get(k);
      if (list === undefined) this.#legacy.set(k, [tx]);
      else list.push(tx);
    }
  }

  remove(tx: ServerTx, keys: ServerKeys): void {
    this.#count--;
    for (const k of [keys.own, keys.target]) {
      if (k === undefined) continue;
      if (!keys.legacy) {
        if (this.#byKey.get(k) === tx) this.#byKey.delete(k);
        continue;
      }
      const list = this.#legacy.get(k)?.filter((t) => t !== tx);
      if (list === undefined || list.length === 0) this.#legacy.delete(k);
      else this.#legacy.set(k, list);
    }
  }

  /** The transaction a (non-ACK) request retransmits, if any (17.2.3). */
  match(request: SipRequest, via: Via): ServerTx | undefined {
    return this.#find(request, via, request.method, (tx) => toTagOf(tx.request) === toTagOf(request));
  }

  /**
   * The INVITE transaction an ACK belongs to (17.2.3): same branch and
   * sent-by; for RFC 2543 requests, the ACK's To tag must be the tag of the
   * response the transaction sent.
   */
  matchAck(ack: SipRequest, via: Via): ServerTx | undefined {
    return this.#find(ack, via, 'INVITE', (tx) => (tx.toTag ?? '') === toTagOf(ack));
  }

  /** The transaction a CANCEL cancels (9.2), if any. */
  cancelTarget(cancel: SipRequest, via: Via): ServerTx | undefined {
    return this.#find(cancel, via, ANY, (tx) => toTagOf(tx.request) === toTagOf(cancel));
  }

  #find(
    request: SipRequest,
    via: Via,
    method: string,
    legacyTest: (tx: ServerTx) => boolean,
  ): ServerTx | undefined {
    const branch = via.branch;
    if (isRfc3261Branch(branch)) return this.#byKey.get(serverKey(branch, via, method));
    return this.#legacy.get(legacyKey(request, via, method))?.find(legacyTest);
  }

  /** Ends every transaction silently (the layer is closing). */
  abortAll(): void {
    for (const tx of this.#byKey.values()) tx.abort();
    for (const list of this.#legacy.values()) for (const tx of list) tx.abort();
    this.#byKey.clear();
    this.#legacy.clear();
    this.#count = 0;
  }
}
