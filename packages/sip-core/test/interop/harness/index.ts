/** The interop harness: peers (sipp, kamailio) started and stopped by the tests. */
export {
  KAMAILIO_CONFIG,
  KAMAILIO_REALM,
  KAMAILIO_USERS,
  type KamailioOptions,
  KamailioPeer,
} from './kamailio.js';
export { isListening } from './listening.js';
export { type PeerExit, PeerProcess, type StartOptions } from './peer-process.js';
export { findCommand, PEERS, type PeerName, type PeerRequirement, peerPath, requirePeer } from './peers.js';
export { freePort, freePortBlock, freePorts, INTEROP_PORT_MAX, INTEROP_PORT_MIN, portFree } from './ports.js';
export {
  SIPP_SCENARIO_DIR,
  type SippOptions,
  SippPeer,
  type SippResult,
  type SippTransport,
} from './sipp.js';
export { parseSippStats, type SippStats } from './sipp-stats.js';
export { makeTempDir, removeTempDir } from './temp-dir.js';
export { makeTestCertificate, type TestCertificate } from './tls-cert.js';
export { within } from './within.js';
