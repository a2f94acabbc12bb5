/**
 * Two transaction layers joined by a loop network in virtual time: the
 * usual fixture for testing transactions and anything built on them.
 */

import type { SipMessage, SipRequest } from '../message/sip-message.js';
import { VirtualClock } from '../time/virtual-clock.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import type { ServerTransaction, TimerValues } from '../transaction/types.js';
import type { Destination, TransportProtocol } from '../transport/types.js';
import { LoopNetwork } from './loop-network.js';
import type { LoopTransport } from './loop-transport.js';
import { LayerRecorder } from './recording-user.js';
import { type TestRequestOptions, testRequest } from './requests.js';
import { seededBytes } from './seeded-random.js';

export interface TransactionPairOptions {
  readonly timers?: Partial<TimerValues>;
  /** The protocol of `toBob` and `toAlice` (default udp). */
  readonly protocol?: TransportProtocol;
  readonly seed?: number;
  readonly latencyMs?: number;
  readonly tryingDelayMs?: number;
  /** Called for each server transaction bob's layer creates (after it is recorded). */
  readonly bobResponds?: (tx: ServerTransaction) => void;
}

/** Alice at 192.0.2.1:5060 and bob at 192.0.2.2:5060, each with a TransactionLayer. */
export interface TransactionPair {
  readonly clock: VirtualClock;
  readonly network: LoopNetwork;
  readonly alice: LoopTransport;
  readonly bob: LoopTransport;
  readonly aliceLayer: TransactionLayer;
  readonly bobLayer: TransactionLayer;
  /** What bob's layer handed its core. */
  readonly bobCore: LayerRecorder;
  /** What alice's layer handed its core. */
  readonly aliceCore: LayerRecorder;
  readonly toBob: Destination;
  readonly toAlice: Destination;
  /** A request from alice (her address in Via sent-by, the pair's protocol). */
  aliceRequest(options?: TestRequestOptions): SipRequest;
  /** Clock times at which `from` handed the network a message matching `match`. */
  sendTimes(from: LoopTransport, match: (m: SipMessage) => boolean): number[];
  close(): void;
}

export function transactionPair(options: TransactionPairOptions = {}): TransactionPair {
  const clock = new VirtualClock();
  const network = new LoopNetwork({
    clock,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
  });
  const alice = network.endpoint('192.0.2.1', 5060);
  const bob = network.endpoint('192.0.2.2', 5060);
  const common = {
    clock,
    random: seededBytes(options.seed ?? 1),
    ...(options.timers === undefined ? {} : { timers: options.timers }),
    ...(options.tryingDelayMs === undefined ? {} : { tryingDelayMs: options.tryingDelayMs }),
  };
  const aliceLayer = new TransactionLayer({ transport: alice, ...common });
  const bobLayer = new TransactionLayer({ transport: bob, ...common });
  const protocol = options.protocol ?? 'udp';
  return {
    clock,
    network,
    alice,
    bob,
    aliceLayer,
    bobLayer,
    bobCore: new LayerRecorder(bobLayer, options.bobResponds),
    aliceCore: new LayerRecorder(aliceLayer),
    toBob: { protocol, address: bob.address, port: bob.port },
    toAlice: { protocol, address: alice.address, port: alice.port },
    aliceRequest: (o = {}) =>
      testRequest({ protocol, ...o, from: { address: alice.address, port: alice.port } }),
    sendTimes: (from, match) =>
      network.records((r) => r.from === from.key && match(r.message)).map((r) => r.at),
    close(): void {
      aliceLayer.close();
      bobLayer.close();
      void alice.close();
      void bob.close();
    },
  };
}
