/**
 * @twinkle/sip-core/testing: the test kit. An in-memory loop network with
 * per-direction drop, delay, duplicate, reorder and fail controls, the
 * virtual clock, recorders and request builders, for testing code built on
 * the stack in virtual time.
 */
export { VirtualClock } from '../time/virtual-clock.js';
export {
  LinkControls,
  type MessagePredicate,
  type RuleKind,
  type RuleOptions,
} from './link-controls.js';
export {
  type LinkEnd,
  LoopNetwork,
  type LoopNetworkOptions,
  type LoopOutcome,
  type LoopRecord,
} from './loop-network.js';
export { endpointKey, type LoopEndpointOptions, LoopTransport } from './loop-transport.js';
export { LayerRecorder, RecordingClientUser } from './recording-user.js';
export {
  isRequest,
  isResponse,
  type RequestOrigin,
  type TestRequestOptions,
  testBranch,
  testRequest,
} from './requests.js';
export { seededBytes, seededRandom } from './seeded-random.js';
export { stampVia } from './stamp-received.js';
export { type TransactionPair, type TransactionPairOptions, transactionPair } from './transaction-pair.js';
