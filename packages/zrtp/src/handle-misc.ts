import { sha256 } from './algorithms.js';
import { buildEmpty, buildPingAck } from './message-build.js';
import type { ErrorMessage, PingMessage, ZrtpPacket } from './message-types.js';
import type { SessionCore } from './session-core.js';
import { ZRTP_VERSION } from './zrtp-hash.js';

/** Error received (section 5.9): acknowledge and give up this stream's key agreement. */
export function onError(c: SessionCore, p: ZrtpPacket): void {
  c.send(buildEmpty('ErrorACK'));
  if (c.state === 'failed') return;
  c.emit({ type: 'error', code: (p.message as ErrorMessage).code, direction: 'received' });
  c.fail('error');
}

/** ErrorACK received after our Error. */
export function onErrorAck(c: SessionCore): void {
  if (c.state === 'error-sent') c.fail('error');
}

/** Ping (section 5.15): answer with PingACK whatever the state. */
export function onPing(c: SessionCore, p: ZrtpPacket): void {
  const m = p.message as PingMessage;
  c.send(buildPingAck(ZRTP_VERSION, endpointHash(c), m.endpointHash, p.ssrc));
}

/** SASrelay is for trusted MiTM PBXs, which we do not enrol: acknowledge and ignore it (section 5.13). */
export function onSasRelay(c: SessionCore): void {
  if (c.state === 'secure') c.send(buildEmpty('RelayACK'));
}

/** Our 64-bit endpoint hash for Ping/PingACK: a hash of our ZID (section 5.16). */
export const endpointHash = (c: SessionCore): Uint8Array => sha256(c.zid).slice(0, 8);
