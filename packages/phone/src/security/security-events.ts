/**
 * Phone events of call security (plain data: the console's --json prints them as they
 * are). Twinkle shows the cipher and the SAS once a call is encrypted, warns when the far
 * end turns encryption off, and when its ZRTP cache does not match ours.
 */

/** The call's audio is encrypted now. */
export interface CallEncryptedEvent {
  readonly type: 'call-encrypted';
  readonly line: number;
  /** How the keys were agreed: ZRTP on the media path, or SDES lines in SDP over TLS. */
  readonly method: 'zrtp' | 'sdes';
  /** The SRTP suite in RFC 4568 terms, e.g. `AES_CM_128_HMAC_SHA1_80`. */
  readonly cipher: string;
  /** ZRTP: the short authentication string to compare by voice. */
  readonly sas?: string;
  /** ZRTP: both sides confirmed this SAS on an earlier call (the cache's verified flag). */
  readonly sasVerified?: boolean;
  /** ZRTP: the algorithms as named in RFC 6189 section 5.1 (`S256 AES1 HS80 X255 B32`). */
  readonly algorithms?: string;
  /** ZRTP: the far end's client identifier from its Hello. */
  readonly peerClient?: string;
}

/** The call's audio is no longer (or will not be) encrypted. */
export interface CallClearEvent {
  readonly type: 'call-clear';
  readonly line: number;
  /**
   * `go-clear`: GoClear completed (section 4.7.2); `failed`: ZRTP gave up (no answer to
   * Hello, an Error); `sdes-refused`: the far end's crypto lines were not usable.
   */
  readonly reason: 'go-clear' | 'failed' | 'sdes-refused';
  /** The far end asked for it (GoClear from the peer). */
  readonly byPeer: boolean;
  /** Tell the user loudly (zrtp_goclear_warning and the far end turned encryption off). */
  readonly warning: boolean;
  readonly detail?: string;
}

/** Something about the far end's ZRTP the user must know (possible attack or lost cache). */
export interface ZrtpWarningEvent {
  readonly type: 'zrtp-warning';
  readonly line: number;
  /**
   * `cache-mismatch`: the far end does not have the secret we retained from the last call
   * (section 4.3.2): compare the SAS carefully; `hello-hash-mismatch`: its Hello differs from
   * the a=zrtp-hash of its SDP (section 8.1); `error`: a ZRTP Error message.
   */
  readonly kind: 'cache-mismatch' | 'hello-hash-mismatch' | 'error';
  readonly message: string;
}

/** The SAS of a line was confirmed or reset by the user (`zrtp confirm-sas|reset-sas`). */
export interface SasVerifiedEvent {
  readonly type: 'sas-verified';
  readonly line: number;
  readonly verified: boolean;
}

export type SecurityEvent = CallEncryptedEvent | CallClearEvent | ZrtpWarningEvent | SasVerifiedEvent;
