import type { SrtpKeyMaterial, SrtpProfileName } from '@twinkle/rtp';
import { type AlgorithmChoice, hash, hmac, sha256 } from './algorithms.js';
import { ascii, bytesEqual, concat } from './bytes.js';
import { buildConfirm, type ConfirmContent, openConfirm } from './confirm.js';
import type { SecureInfo } from './events.js';
import { macValid } from './hash-chain.js';
import { deriveSessionKeys, multistreamS0 } from './kdf.js';
import { buildEmpty, buildGoClear } from './message-build.js';
import { type ConfirmMessage, type GoClearMessage, ZrtpErrorCode, type ZrtpPacket } from './message-types.js';
import { renderSas } from './sas.js';
import { type SessionCore, T2 } from './session-core.js';

/** The SRTP crypto suite of a cipher and auth tag choice (sections 5.1.3 and 5.1.4). */
export function srtpProfile(ch: AlgorithmChoice): SrtpProfileName {
  const aes = ch.cipher === 'AES1' ? 'AES_CM_128' : 'AES_256_CM';
  return `${aes}_HMAC_SHA1_${ch.authTag === 'HS32' ? '32' : '80'}` as SrtpProfileName;
}

function keysFor(c: SessionCore, side: 'I' | 'R') {
  const k = c.keys!;
  const ch = c.choice!;
  return side === 'I'
    ? { hash: ch.hash, cipher: ch.cipher, zrtpKey: k.zrtpKeyI, macKey: k.macKeyI }
    : { hash: ch.hash, cipher: ch.cipher, zrtpKey: k.zrtpKeyR, macKey: k.macKeyR };
}

/** Confirm1 received by the initiator (section 4.6): check it, send Confirm2. */
export function onConfirm1(c: SessionCore, p: ZrtpPacket, now: number): void {
  const expect = c.mode === 'dh' ? 'dhpart2-sent' : 'commit-sent';
  if (c.state !== expect || c.role !== 'initiator') return;
  if (c.mode === 'multistream' && !c.keys) deriveMultiInitiator(c);
  const content = openConfirm(p.message as ConfirmMessage, keysFor(c, 'R'));
  if (!content) {
    c.sendError(ZrtpErrorCode.BadConfirmMac, now);
    return;
  }
  const peer = c.peerHello!;
  const h1 = sha256(content.h0);
  if (c.mode === 'dh') {
    // H0 unlocks the MAC of DHPart1 (section 9).
    if (!bytesEqual(h1, c.peerH1!) || !macValid(c.dhPart1!, content.h0)) return;
  } else {
    const h2 = sha256(h1);
    if (!bytesEqual(sha256(h2), peer.msg.h3) || !macValid(peer.raw, h2)) return;
  }
  takePeerFlags(c, content);
  const confirm2 = buildConfirm('Confirm2', ownContent(c), keysFor(c, 'I'), c.opts.random(16));
  c.stopTimer();
  c.sendReliably(confirm2, T2, now);
  c.setState('confirm2-sent');
}

/** Confirm2 received by the responder: check it, send Conf2ACK, go secure. */
export function onConfirm2(c: SessionCore, p: ZrtpPacket, now: number): void {
  if (c.state === 'secure' && c.role === 'responder') {
    c.send(buildEmpty('Conf2ACK')); // our Conf2ACK was lost
    return;
  }
  if (c.state !== 'confirm1-sent') return;
  const content = openConfirm(p.message as ConfirmMessage, keysFor(c, 'I'));
  if (!content) {
    c.sendError(ZrtpErrorCode.BadConfirmMac, now);
    return;
  }
  const h1 = sha256(content.h0);
  if (c.mode === 'dh') {
    if (!bytesEqual(h1, c.peerH1!) || !macValid(c.dhPart2!, content.h0)) return;
  } else if (!bytesEqual(sha256(h1), c.peerCommit!.h2) || !macValid(c.peerCommit!.raw, h1)) return;
  takePeerFlags(c, content);
  c.send(buildEmpty('Conf2ACK'));
  goSecure(c);
}

/** Conf2ACK received by the initiator. */
export function onConf2Ack(c: SessionCore): void {
  if (c.state !== 'confirm2-sent') return;
  c.stopTimer();
  goSecure(c);
}

/** Multistream keys of the initiator: total_hash = hash(responder's Hello || Commit) (section 4.4.3.2). */
function deriveMultiInitiator(c: SessionCore): void {
  const ch = c.choice!;
  const totalHash = hash(ch.hash, c.peerHello!.raw, c.commit!);
  const context = concat(c.zid, c.peerHello!.msg.zid, totalHash);
  const s0 = multistreamS0(ch.hash, c.opts.multistream!.zrtpSess, context);
  c.keys = deriveSessionKeys(ch.hash, ch.cipher, s0, context);
}

function takePeerFlags(c: SessionCore, content: ConfirmContent): void {
  c.peerVerified = content.sasVerified;
  c.peerAllowsClear = content.allowClear;
  c.peerCacheExpiration = content.cacheExpiration;
}

function ownContent(c: SessionCore): ConfirmContent {
  return {
    h0: c.chain.h0,
    pbxEnrollment: false,
    sasVerified: c.opts.cache.get(c.peerHello!.msg.zid)?.verified === true && !c.cacheMismatch,
    allowClear: c.opts.allowClear,
    disclosure: false,
    cacheExpiration: c.opts.cacheExpiration,
  };
}

/** Keys are in use: update the cache (section 4.6.1) and report the SAS and SRTP keys. */
function goSecure(c: SessionCore): void {
  const k = c.keys!;
  const ch = c.choice!;
  const peerZid = c.peerHello!.msg.zid;
  const ms = c.opts.multistream;
  let verified = false;
  let sasValue = k.sasValue;
  if (c.mode === 'dh') {
    const old = c.opts.cache.get(peerZid);
    // After a mismatch the old rs1 is not trusted, so it does not become rs2 and V is cleared.
    verified = (old?.verified ?? false) && !c.cacheMismatch;
    // The shorter of the two expiration intervals applies; 0 means retain nothing (section 4.9).
    const expiry = Math.min(c.opts.cacheExpiration, c.peerCacheExpiration);
    if (expiry !== 0) {
      c.opts.cache.set(peerZid, {
        rs1: k.newRs1,
        rs2: c.cacheMismatch ? old?.rs2 : old?.rs1,
        verified,
        expiresAt: expiry === 0xffffffff ? undefined : c.opts.wallClock() + expiry * 1000,
      });
    }
  } else if (ms) {
    // Multistream streams share the SAS of the DH stream (section 4.4.3).
    sasValue = ms.sasValue;
    verified = c.opts.cache.get(peerZid)?.verified === true;
  }
  const profile = srtpProfile(ch);
  const mk = (key: Uint8Array, salt: Uint8Array): SrtpKeyMaterial => ({
    profile,
    masterKey: key,
    masterSalt: salt,
  });
  const i = mk(k.srtpKeyI, k.srtpSaltI);
  const r = mk(k.srtpKeyR, k.srtpSaltR);
  const initiator = c.role === 'initiator';
  const info: SecureInfo = {
    role: c.role!,
    mode: c.mode === 'dh' ? 'dh' : 'multistream',
    algorithms: ch,
    peerZid,
    sas: renderSas(ch.sas, sasValue),
    sasValue,
    sasVerified: verified && c.peerVerified,
    srtp: initiator ? { send: i, receive: r } : { send: r, receive: i },
    peerAllowsClear: c.peerAllowsClear,
    exportedKey: k.exportedKey,
    multistream: {
      peerZid,
      zrtpSess: c.mode === 'dh' ? k.zrtpSess : (ms?.zrtpSess ?? k.zrtpSess),
      hash: ch.hash,
      cipher: ch.cipher,
      authTag: ch.authTag,
      sas: ch.sas,
      sasValue,
    },
  };
  c.setState('secure');
  c.emit({ type: 'secure', info });
}

/** clear_hmac = MAC(mackey of the sender, "GoClear ") (section 5.11). */
export function clearMac(c: SessionCore, sender: 'I' | 'R'): Uint8Array {
  return hmac(c.choice!.hash, keysFor(c, sender).macKey, ascii('GoClear ', 8), 8);
}

/** Starts GoClear from the secure state (section 4.7.2). */
export function startGoClear(c: SessionCore, now: number): boolean {
  if (c.state !== 'secure' || !c.opts.allowClear || !c.peerAllowsClear) return false;
  c.sendReliably(buildGoClear(clearMac(c, c.role === 'initiator' ? 'I' : 'R')), T2, now);
  c.setState('go-clear-sent');
  return true;
}

/** GoClear received: check its MAC and whether clear is allowed, answer ClearACK. */
export function onGoClear(c: SessionCore, p: ZrtpPacket, now: number): void {
  if (c.state === 'clear') {
    c.send(buildEmpty('ClearACK'));
    return;
  }
  if (c.state !== 'secure' && c.state !== 'go-clear-sent') return;
  const m = p.message as GoClearMessage;
  if (!bytesEqual(m.clearMac, clearMac(c, c.role === 'initiator' ? 'R' : 'I'))) return;
  if (!c.opts.allowClear) {
    c.sendError(ZrtpErrorCode.GoClearNotAllowed, now);
    return;
  }
  c.stopTimer();
  c.send(buildEmpty('ClearACK'));
  c.setState('clear');
  c.emit({ type: 'clear' });
}

/** ClearACK received after our GoClear. */
export function onClearAck(c: SessionCore): void {
  if (c.state !== 'go-clear-sent') return;
  c.stopTimer();
  c.setState('clear');
  c.emit({ type: 'clear' });
}
