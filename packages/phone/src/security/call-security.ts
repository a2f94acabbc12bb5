/**
 * The security of one call's audio, per Twinkle's profile keys: ZRTP on the media path
 * (`zrtp_enabled`, a=zrtp-hash per `zrtp_sdp`, started when both sides support it or per
 * `zrtp_send_if_supported`, GoClear warnings per `zrtp_goclear_warning`), and SDES-SRTP
 * (RFC 4568) when the call is signalled over TLS. The call's media calls
 * {@link CallSecurity.sdpOptions} before its first SDP and {@link CallSecurity.negotiated}
 * after each offer/answer; the user's `zrtp` commands come through the phone.
 */
import type { SrtpKeys } from '@twinkle/rtp';
import type { CodecCapability, NegotiatedAudio, SrtpOptions, ZrtpHash } from '@twinkle/sdp';
import { parseZrtpHash, type SecretCache, type ZrtpEvent } from '@twinkle/zrtp';
import type { Profile } from '../config/profile.js';
import { PhoneError } from '../engine/errors.js';
import { srtpKeysFromSdes } from '../media/sdes-keys.js';
import { sdesOptions } from './sdes-lines.js';
import type { SecureMediaTransport } from './secure-transport.js';
import type { SecurityEvent } from './security-events.js';
import { type StreamTimers, ZrtpStream } from './zrtp-stream.js';

/** The profile keys call security reads. */
export type SecurityProfile = Pick<
  Profile,
  'zrtpEnabled' | 'zrtpSdp' | 'zrtpSendIfSupported' | 'zrtpGoclearWarning'
>;

export interface CallSecurityInit {
  readonly profile: SecurityProfile;
  /** The retained-secret cache (opened on first use). */
  readonly cache: () => SecretCache;
  readonly emit: (event: SecurityEvent) => void;
  /** The call's line, for events. */
  readonly line: () => number;
  readonly random: (n: number) => Uint8Array;
  /** The call is signalled over TLS: SDES lines may be offered and accepted. */
  readonly tls: boolean;
  /** Virtual time for tests (ZRTP retransmissions). */
  readonly now?: () => number;
  readonly timers?: StreamTimers;
}

/** What a media port offers call security (the engine's MediaPort has it when it runs RTP). */
export interface SecurablePort {
  readonly secure?: SecureMediaTransport;
}

/** The state of a call's encryption, as `zrtp` commands and line status see it. */
export interface SecurityStatus {
  readonly method: 'zrtp' | 'sdes' | 'none';
  readonly encrypted: boolean;
  readonly sas?: string;
  readonly sasVerified?: boolean;
  readonly zrtpState?: string;
}

export class CallSecurity {
  readonly #init: CallSecurityInit;
  #transport: SecureMediaTransport | undefined;
  #zrtp: ZrtpStream | undefined;
  #sdes: SrtpOptions | undefined;
  #sdesKeys: string | undefined;
  #sdesOn = false;
  #weAskedClear = false;
  #verified: boolean | undefined;
  #closed = false;

  constructor(init: CallSecurityInit) {
    this.#init = init;
  }

  /**
   * Our SDP's security attributes, once the media port is open (before the first SDP):
   * `a=zrtp-hash` of the ZRTP endpoint made now on the port, `a=crypto` lines over TLS.
   */
  sdpOptions(port: SecurablePort): { zrtpHash?: ZrtpHash; srtp?: SrtpOptions } {
    const p = this.#init.profile;
    const transport = port.secure;
    if (!transport || this.#closed) return {};
    this.#transport = transport;
    if (p.zrtpEnabled && !this.#zrtp) {
      this.#zrtp = new ZrtpStream({
        transport,
        cache: this.#init.cache(),
        random: this.#init.random,
        ...(this.#init.now ? { now: this.#init.now } : {}),
        ...(this.#init.timers ? { timers: this.#init.timers } : {}),
        allowClear: true,
        // Not sending first is what zrtp_send_if_supported asks; a peer that starts is answered.
        answerPeer: true,
        onEvent: (e) => this.#onZrtp(e),
      });
    }
    if (this.#init.tls) this.#sdes ??= sdesOptions(this.#init.random);
    const hash = p.zrtpEnabled && p.zrtpSdp && this.#zrtp ? parseZrtpHash(this.#zrtp.zrtpHash) : undefined;
    return { ...(hash ? { zrtpHash: hash } : {}), ...(this.#sdes ? { srtp: this.#sdes } : {}) };
  }

  /** After an offer/answer exchange reached the media port: SDES keys, or ZRTP started. */
  negotiated(audio: NegotiatedAudio<CodecCapability>): void {
    const transport = this.#transport;
    if (!transport || this.#closed) return;
    if (this.#init.tls && audio.localCrypto && audio.remoteCrypto) {
      this.#applySdes(transport, audio);
      return;
    }
    if (this.#sdesOn) {
      // A later exchange dropped the crypto lines: the far end sends RTP again.
      this.#sdesOn = false;
      this.#sdesKeys = undefined;
      transport.setSrtp(undefined);
      this.#emit({
        type: 'call-clear',
        line: this.#line(),
        reason: 'sdes-refused',
        byPeer: true,
        warning: true,
      });
    }
    const z = this.#zrtp;
    if (!z) return;
    const peer = audio.remoteZrtpHash;
    if (peer) z.setPeerZrtpHash(`${peer.version} ${peer.hash}`);
    if (!z.started && (peer !== undefined || !this.#init.profile.zrtpSendIfSupported)) z.start();
  }

  #applySdes(transport: SecureMediaTransport, audio: NegotiatedAudio<CodecCapability>): void {
    const local = audio.localCrypto!;
    const remote = audio.remoteCrypto!;
    const id = `${local.suite} ${local.keyParams} ${remote.keyParams}`;
    if (id === this.#sdesKeys) return; // the same keys: the running SRTP contexts stay
    const r = srtpKeysFromSdes(local, remote);
    if (!r.ok) {
      this.#emit({
        type: 'call-clear',
        line: this.#line(),
        reason: 'sdes-refused',
        byPeer: true,
        warning: true,
        detail: r.reason,
      });
      return;
    }
    const keys: SrtpKeys = r.keys;
    transport.setSrtp(keys);
    this.#sdesKeys = id;
    this.#sdesOn = true;
    // SDES keys the audio; ZRTP would only race it (both sides would need to agree which wins).
    this.#zrtp?.close();
    this.#zrtp = undefined;
    this.#emit({ type: 'call-encrypted', line: this.#line(), method: 'sdes', cipher: local.suite });
  }

  /** The state for commands and status output. */
  get status(): SecurityStatus {
    if (this.#sdesOn) return { method: 'sdes', encrypted: true };
    const z = this.#zrtp;
    if (!z) return { method: 'none', encrypted: false };
    const s = z.secure;
    return {
      method: 'zrtp',
      encrypted: s !== undefined,
      zrtpState: z.state,
      ...(s ? { sas: s.sas, sasVerified: this.#verified ?? s.sasVerified } : {}),
    };
  }

  /**
   * `zrtp encrypt`: start ZRTP now (it may have waited for the far end's support), or go
   * secure again after GoClear with a new exchange.
   */
  encrypt(): void {
    const z = this.#zrtp;
    if (!z)
      throw new PhoneError(
        'invalid-state',
        this.#sdesOn ? 'the call is encrypted with SDES' : 'ZRTP is off for this call',
      );
    if (z.secure) throw new PhoneError('invalid-state', 'the call is encrypted already');
    if (z.state === 'clear') z.rekey();
    else z.start();
  }

  /** `zrtp go-clear`: ask the far end to switch back to unencrypted RTP. */
  goClear(): void {
    const z = this.#zrtp;
    if (!z?.secure) throw new PhoneError('invalid-state', 'the call is not encrypted with ZRTP');
    this.#weAskedClear = true;
    if (!z.goClear()) {
      this.#weAskedClear = false;
      throw new PhoneError('invalid-state', 'the far end does not allow going clear');
    }
  }

  /** `zrtp confirm-sas` / `reset-sas`: the user compared the SAS (or takes it back). */
  setSasVerified(verified: boolean): void {
    const z = this.#zrtp;
    if (!z?.secure) throw new PhoneError('invalid-state', 'the call is not encrypted with ZRTP');
    if (verified) z.confirmSas();
    else z.resetSas();
    this.#verified = verified;
    this.#emit({ type: 'sas-verified', line: this.#line(), verified });
  }

  close(): void {
    this.#closed = true;
    this.#zrtp?.close();
  }

  #line(): number {
    return this.#init.line();
  }

  #emit(e: SecurityEvent): void {
    if (!this.#closed) this.#init.emit(e);
  }

  #onZrtp(e: ZrtpEvent): void {
    const line = this.#line();
    switch (e.type) {
      case 'secure': {
        const a = e.info.algorithms;
        const client = this.#zrtp?.peerClient;
        this.#verified = undefined;
        this.#emit({
          type: 'call-encrypted',
          line,
          method: 'zrtp',
          cipher: e.info.srtp.send.profile,
          sas: e.info.sas,
          sasVerified: e.info.sasVerified,
          algorithms: `${a.hash} ${a.cipher} ${a.authTag} ${a.keyAgreement} ${a.sas}`,
          ...(client ? { peerClient: client } : {}),
        });
        return;
      }
      case 'clear': {
        const byPeer = !this.#weAskedClear;
        this.#weAskedClear = false;
        this.#emit({
          type: 'call-clear',
          line,
          reason: 'go-clear',
          byPeer,
          warning: byPeer && this.#init.profile.zrtpGoclearWarning,
        });
        return;
      }
      case 'cache-mismatch':
        this.#emit({
          type: 'zrtp-warning',
          line,
          kind: 'cache-mismatch',
          message:
            'the far end does not have the secret kept from the last call with it: compare the SAS carefully, this may be an attack',
        });
        return;
      case 'hello-hash-mismatch':
        this.#emit({
          type: 'zrtp-warning',
          line,
          kind: 'hello-hash-mismatch',
          message: "the far end's ZRTP Hello does not match the a=zrtp-hash of its SDP: possible attack",
        });
        return;
      case 'error':
        this.#emit({
          type: 'zrtp-warning',
          line,
          kind: 'error',
          message: `ZRTP Error 0x${e.code.toString(16)} ${e.direction}`,
        });
        return;
      case 'failed':
        // A far end that never answered Hello has no ZRTP: nothing to warn about, the call stays clear.
        this.#emit({
          type: 'call-clear',
          line,
          reason: 'failed',
          byPeer: false,
          warning: e.reason !== 'no-peer',
          detail: e.reason,
        });
        return;
      default:
        return;
    }
  }
}
