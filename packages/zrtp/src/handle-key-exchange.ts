import {
  type AlgorithmChoice,
  type AuthTagType,
  type CipherType,
  choiceAllowed,
  type HashType,
  hash,
  type KeyAgreementType,
  type SasType,
  sha256,
} from './algorithms.js';
import { bytesEqual, compareBytes, concat } from './bytes.js';
import { buildConfirm } from './confirm.js';
import { buildOwnDhPart } from './handle-discovery.js';
import { macValid } from './hash-chain.js';
import { deriveSessionKeys, dhS0, multistreamS0 } from './kdf.js';
import { PUBLIC_VALUE_LENGTH } from './key-agreement.js';
import { type CommitMessage, type DhPartMessage, ZrtpErrorCode, type ZrtpPacket } from './message-types.js';
import { type SessionCore, T2 } from './session-core.js';
import { chooseS1 } from './shared-secret.js';

function commitChoice(m: CommitMessage): AlgorithmChoice {
  return {
    hash: m.hash as HashType,
    cipher: m.cipher as CipherType,
    authTag: m.authTag as AuthTagType,
    keyAgreement: m.keyAgreement as KeyAgreementType,
    sas: m.sas as SasType,
  };
}

/** Which algorithm category of a Commit we do not support, as an error code (section 5.9). */
function unsupported(c: SessionCore, ch: AlgorithmChoice): number | undefined {
  if (choiceAllowed(ch, c.opts.algorithms)) return undefined;
  const a = c.opts.algorithms;
  if (!a.hash.includes(ch.hash)) return ZrtpErrorCode.HashTypeNotSupported;
  if (!a.cipher.includes(ch.cipher)) return ZrtpErrorCode.CipherTypeNotSupported;
  if (!a.authTag.includes(ch.authTag)) return ZrtpErrorCode.AuthTagNotSupported;
  if (!a.sas.includes(ch.sas)) return ZrtpErrorCode.SasSchemeNotSupported;
  if (ch.keyAgreement !== 'Mult' || !c.opts.multistream) return ZrtpErrorCode.PublicKeyExchangeNotSupported;
  return undefined;
}

/**
 * Commit contention (section 4.2): both sent Commit. A DH Commit beats a non-DH one;
 * between two DH Commits the higher hvi, between two Multistream Commits the higher
 * nonce is the initiator. True when we keep the initiator role.
 */
function weWin(c: SessionCore, m: CommitMessage): boolean {
  const theirsDh = m.hvi !== undefined;
  const oursDh = c.mode === 'dh';
  if (theirsDh !== oursDh) return oursDh;
  return oursDh
    ? compareBytes(c.hvi!, m.hvi!) > 0
    : compareBytes(c.nonce!, m.nonce ?? new Uint8Array(16)) > 0;
}

/** Commit received: become the responder and answer with DHPart1 (or Confirm1 in Multistream mode). */
export function onCommit(c: SessionCore, p: ZrtpPacket, now: number): void {
  const m = p.message as CommitMessage;
  const peer = c.peerHello;
  if (!peer) return; // cannot check the hash chain without the peer's Hello
  if (c.peerCommit) {
    // A retransmitted Commit: our answer was lost (section 6).
    if (bytesEqual(c.peerCommit.raw, p.raw)) {
      if (c.state === 'dhpart1-sent' && c.dhPart1) c.send(c.dhPart1);
      else if (c.state === 'confirm1-sent' && c.mode === 'multistream' && c.confirm1) c.send(c.confirm1);
    }
    return;
  }
  if (c.state === 'commit-sent' && weWin(c, m)) return;
  if (!['discovery', 'wait-commit', 'commit-sent'].includes(c.state)) return;
  // Section 9: H2 must hash to the H3 of the peer's Hello, whose MAC H2 now unlocks.
  if (!bytesEqual(sha256(m.h2), peer.msg.h3) || !macValid(peer.raw, m.h2)) return;
  if (!bytesEqual(m.zid, peer.msg.zid)) return;
  const choice = commitChoice(m);
  const err = unsupported(c, choice);
  if (err !== undefined) {
    c.sendError(err, now);
    return;
  }
  c.stopTimer(); // our Hello (or losing Commit) needs no more retransmission
  c.helloAcked = true;
  c.role = 'responder';
  c.choice = choice;
  c.peerCommit = { raw: p.raw, h2: m.h2 };
  if (choice.keyAgreement === 'Mult') {
    const ms = c.opts.multistream!;
    if (!bytesEqual(ms.peerZid, m.zid) || ms.hash !== choice.hash || !m.nonce) {
      c.sendError(ZrtpErrorCode.HelloComponentsMismatch, now);
      return;
    }
    c.mode = 'multistream';
    const totalHash = hash(choice.hash, c.hello, p.raw);
    const context = concat(m.zid, c.zid, totalHash);
    c.keys = deriveSessionKeys(
      choice.hash,
      choice.cipher,
      multistreamS0(choice.hash, ms.zrtpSess, context),
      context,
    );
    sendConfirm1(c);
    return;
  }
  c.mode = 'dh';
  c.dhPart1 = buildOwnDhPart(c, 'DHPart1');
  c.send(c.dhPart1);
  c.setState('dhpart1-sent');
}

/** Checks a peer's public value and computes DHResult, or sends Error 0x61. */
function agree(c: SessionCore, m: DhPartMessage, now: number): Uint8Array | undefined {
  const ka = c.choice!.keyAgreement;
  const expected = ka === 'Mult' ? -1 : PUBLIC_VALUE_LENGTH[ka];
  const r = m.pv.length === expected ? c.keyPair?.agree(m.pv) : undefined;
  if (!r) c.sendError(ZrtpErrorCode.BadPublicValue, now);
  return r;
}

/** Derives s0 and the keys in DH mode (section 4.4.1.4) from DHResult and the four messages. */
function dhKeys(c: SessionCore, dhResult: Uint8Array, peerIds: DhPartMessage): void {
  const ch = c.choice!;
  const initiator = c.role === 'initiator';
  const peerZid = c.peerHello!.msg.zid;
  const zidi = initiator ? c.zid : peerZid;
  const zidr = initiator ? peerZid : c.zid;
  const responderHello = initiator ? c.peerHello!.raw : c.hello;
  const commit = initiator ? c.commit! : c.peerCommit!.raw;
  const totalHash = hash(ch.hash, responderHello, commit, c.dhPart1!, c.dhPart2!);
  const entry = c.opts.cache.get(peerZid);
  const { s1, mismatch } = chooseS1(ch.hash, entry, c.role!, peerIds);
  c.cacheMismatch = mismatch;
  if (mismatch) c.emit({ type: 'cache-mismatch', peerZid });
  const s0 = dhS0({ hash: ch.hash, dhResult, zidi, zidr, totalHash, s1 });
  c.keys = deriveSessionKeys(ch.hash, ch.cipher, s0, concat(zidi, zidr, totalHash));
}

/** DHPart1 received by the initiator: check it, derive keys, send DHPart2 (section 4.4.1.2). */
export function onDhPart1(c: SessionCore, p: ZrtpPacket, now: number): void {
  if (c.state !== 'commit-sent' || c.mode !== 'dh') return;
  const m = p.message as DhPartMessage;
  const peer = c.peerHello!;
  const h2 = sha256(m.h1);
  if (!bytesEqual(sha256(h2), peer.msg.h3) || !macValid(peer.raw, h2)) return;
  const dh = agree(c, m, now);
  if (!dh) return;
  c.dhPart1 = p.raw;
  c.peerH1 = m.h1;
  dhKeys(c, dh, m);
  c.stopTimer();
  c.sendReliably(c.dhPart2!, T2, now);
  c.setState('dhpart2-sent');
}

/** DHPart2 received by the responder: check H1, the Commit MAC and hvi, derive keys, send Confirm1. */
export function onDhPart2(c: SessionCore, p: ZrtpPacket, now: number): void {
  if (c.state === 'confirm1-sent' && c.dhPart2 && bytesEqual(c.dhPart2, p.raw)) {
    c.send(c.confirm1!); // our Confirm1 was lost
    return;
  }
  if (c.state !== 'dhpart1-sent') return;
  const m = p.message as DhPartMessage;
  const commit = c.peerCommit!;
  if (!bytesEqual(sha256(m.h1), commit.h2) || !macValid(commit.raw, m.h1)) return;
  const commitMsg = parseCommitHvi(commit.raw);
  const hvi = hash(c.choice!.hash, p.raw, c.hello).slice(0, 32);
  if (!bytesEqual(hvi, commitMsg)) {
    c.sendError(ZrtpErrorCode.HviMismatch, now);
    return;
  }
  const dh = agree(c, m, now);
  if (!dh) return;
  c.dhPart2 = p.raw;
  c.peerH1 = m.h1;
  dhKeys(c, dh, m);
  sendConfirm1(c);
}

/** hvi sits at octets 76..108 of a DH-mode Commit (section 5.4). */
const parseCommitHvi = (raw: Uint8Array): Uint8Array => raw.subarray(76, 108);

/** Confirm1 from the responder, under zrtpkeyr and mackeyr (section 4.6). */
export function sendConfirm1(c: SessionCore): void {
  const k = c.keys!;
  const verified = c.opts.cache.get(c.peerHello!.msg.zid)?.verified === true && !c.cacheMismatch;
  c.confirm1 = buildConfirm(
    'Confirm1',
    {
      h0: c.chain.h0,
      pbxEnrollment: false,
      sasVerified: verified,
      allowClear: c.opts.allowClear,
      disclosure: false,
      cacheExpiration: c.opts.cacheExpiration,
    },
    { hash: c.choice!.hash, cipher: c.choice!.cipher, zrtpKey: k.zrtpKeyR, macKey: k.macKeyR },
    c.opts.random(16),
  );
  c.send(c.confirm1);
  c.setState('confirm1-sent');
}
