import {
  type AlgorithmChoice,
  type AlgorithmLists,
  chooseAlgorithms,
  hash,
  KEY_AGREEMENT_TYPES,
} from './algorithms.js';
import { bytesEqual } from './bytes.js';
import { setMac } from './hash-chain.js';
import { generateKeyPair } from './key-agreement.js';
import { buildCommit, buildDhPart, buildEmpty } from './message-build.js';
import { type HelloMessage, ZrtpErrorCode, type ZrtpPacket } from './message-types.js';
import { type SessionCore, T2 } from './session-core.js';
import { ownSecretIds } from './shared-secret.js';
import { helloMatchesZrtpHash } from './zrtp-hash.js';

/** The known algorithms of a peer Hello, as typed lists. */
export function helloLists(m: HelloMessage): AlgorithmLists {
  const pick = <T extends string>(xs: readonly string[], known: readonly T[]): T[] =>
    xs.filter((x): x is T => (known as readonly string[]).includes(x));
  return {
    hash: pick(m.hash, ['S256', 'S384'] as const),
    cipher: pick(m.cipher, ['AES1', 'AES3'] as const),
    authTag: pick(m.authTag, ['HS32', 'HS80'] as const),
    keyAgreement: pick(m.keyAgreement, KEY_AGREEMENT_TYPES),
    sas: pick(m.sas, ['B32', 'B256'] as const),
  };
}

/** Version negotiation (section 4.1.1): we speak 1.10; a higher peer version must step down to ours. */
function versionAcceptable(v: string): boolean {
  const m = /^(\d)\.(\d\d)$/.exec(v);
  if (!m) return false;
  return Number(m[1]) * 100 + Number(m[2]) >= 110;
}

/** Hello received (section 4.1): remember it, acknowledge it, maybe commit. */
export function onHello(c: SessionCore, p: ZrtpPacket, now: number): void {
  const m = p.message as HelloMessage;
  if (!versionAcceptable(m.version)) {
    c.sendError(ZrtpErrorCode.UnsupportedVersion, now);
    return;
  }
  if (bytesEqual(m.zid, c.zid)) {
    c.sendError(ZrtpErrorCode.EqualZids, now);
    return;
  }
  if (!c.peerHello) {
    c.peerHello = { msg: m, raw: p.raw };
    c.emit({ type: 'peer-hello', version: m.version, clientId: m.clientId, zid: m.zid });
    checkHelloHash(c);
  } else if (!bytesEqual(c.peerHello.raw, p.raw)) {
    return; // a different Hello mid-call is not the one we negotiate with: ignore it
  }
  c.send(buildEmpty('HelloACK'));
  maybeCommit(c, now);
}

/** HelloACK received: our Hello arrived, stop T1. */
export function onHelloAck(c: SessionCore, _p: ZrtpPacket, now: number): void {
  if (c.state !== 'discovery') return;
  c.helloAcked = true;
  c.stopTimer();
  maybeCommit(c, now);
}

/** Which mode and algorithms we would commit with. */
function commitChoice(c: SessionCore): { choice: AlgorithmChoice; mode: 'dh' | 'multistream' } | undefined {
  const peer = c.peerHello;
  if (!peer) return undefined;
  const ms = c.opts.multistream;
  if (ms && peer.msg.keyAgreement.includes('Mult') && bytesEqual(ms.peerZid, peer.msg.zid)) {
    return {
      choice: { hash: ms.hash, cipher: ms.cipher, authTag: ms.authTag, keyAgreement: 'Mult', sas: ms.sas },
      mode: 'multistream',
    };
  }
  const choice = chooseAlgorithms(c.opts.algorithms, helloLists(peer.msg));
  return choice ? { choice, mode: 'dh' } : undefined;
}

/** Once both Hellos are through, the initiating side sends Commit (section 4.2). */
export function maybeCommit(c: SessionCore, now: number): void {
  if (c.state !== 'discovery' || !c.helloAcked || !c.peerHello) return;
  if (!c.opts.initiate) {
    c.setState('wait-commit');
    return;
  }
  const pick = commitChoice(c);
  if (!pick) {
    c.sendError(ZrtpErrorCode.PublicKeyExchangeNotSupported, now);
    return;
  }
  sendCommit(c, pick.choice, pick.mode, now);
}

function sendCommit(c: SessionCore, choice: AlgorithmChoice, mode: 'dh' | 'multistream', now: number): void {
  const peer = c.peerHello!;
  c.choice = choice;
  c.mode = mode;
  const fields = {
    h2: c.chain.h2,
    zid: c.zid,
    hash: choice.hash,
    cipher: choice.cipher,
    authTag: choice.authTag,
    keyAgreement: choice.keyAgreement,
    sas: choice.sas,
  };
  if (mode === 'multistream') {
    c.nonce = c.opts.random(16);
    c.commit = setMac(buildCommit({ ...fields, nonce: c.nonce }), c.chain.h1);
  } else {
    // DHPart2 exists before Commit: hvi = hash(DHPart2 || responder's Hello) (section 4.4.1.1).
    c.dhPart2 = buildOwnDhPart(c, 'DHPart2');
    c.hvi = hash(choice.hash, c.dhPart2, peer.raw).slice(0, 32);
    c.commit = setMac(buildCommit({ ...fields, hvi: c.hvi }), c.chain.h1);
  }
  c.role = 'initiator';
  c.sendReliably(c.commit, T2, now);
  c.setState('commit-sent');
}

/** Our DHPart1 (responder) or DHPart2 (initiator), MAC keyed with H0 (section 9). */
export function buildOwnDhPart(c: SessionCore, type: 'DHPart1' | 'DHPart2'): Uint8Array {
  const choice = c.choice!;
  const ka = choice.keyAgreement === 'Mult' ? 'DH3k' : choice.keyAgreement;
  if (c.keyPair?.type !== ka) c.keyPair = generateKeyPair(ka, c.opts.random);
  const role = type === 'DHPart2' ? 'initiator' : 'responder';
  const entry = c.opts.cache.get(c.peerHello!.msg.zid);
  const ids = ownSecretIds(choice.hash, entry, role, c.opts.random);
  const msg = buildDhPart(type, {
    h1: c.chain.h1,
    ...ids,
    // No auxiliary or PBX secrets: random IDs (section 4.3.1).
    auxsecretId: c.opts.random(8),
    pbxsecretId: c.opts.random(8),
    pv: c.keyPair.publicValue,
  });
  return setMac(msg, c.chain.h0);
}

/** Section 8.1: the peer's Hello must hash to the a=zrtp-hash of its SDP. */
export function checkHelloHash(c: SessionCore): void {
  const h = c.peerHelloHash;
  if (c.peerHello && h !== undefined && !helloMatchesZrtpHash(c.peerHello.raw, h))
    c.emit({ type: 'hello-hash-mismatch' });
}
