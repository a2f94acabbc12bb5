import type { SrtpKeyMaterial } from '@twinkle/rtp';
import type { AlgorithmChoice, AuthTagType, CipherType, HashType, SasType } from './algorithms.js';

/** The named states of a ZRTP stream (RFC 6189 sections 4 and 6). */
export type ZrtpState =
  | 'idle'
  | 'discovery'
  | 'wait-commit'
  | 'commit-sent'
  | 'dhpart1-sent'
  | 'dhpart2-sent'
  | 'confirm1-sent'
  | 'confirm2-sent'
  | 'secure'
  | 'go-clear-sent'
  | 'clear'
  | 'error-sent'
  | 'failed';

/** What a DH-mode session hands to further streams of the same call for Multistream mode (section 4.4.3). */
export interface MultistreamParams {
  readonly peerZid: Uint8Array;
  readonly zrtpSess: Uint8Array;
  readonly hash: HashType;
  readonly cipher: CipherType;
  readonly authTag: AuthTagType;
  readonly sas: SasType;
  readonly sasValue: Uint8Array;
}

/** The result of a completed key agreement. */
export interface SecureInfo {
  readonly role: 'initiator' | 'responder';
  readonly mode: 'dh' | 'multistream';
  readonly algorithms: AlgorithmChoice;
  readonly peerZid: Uint8Array;
  /** The SAS as rendered for the user (4 base32 characters or two PGP words). */
  readonly sas: string;
  readonly sasValue: Uint8Array;
  /** Both caches say the SAS was verified (our flag and the peer's V flag). */
  readonly sasVerified: boolean;
  /** The SRTP master keys: what this endpoint sends with, and what it receives with. */
  readonly srtp: { readonly send: SrtpKeyMaterial; readonly receive: SrtpKeyMaterial };
  /** The peer allows GoClear (its A flag). */
  readonly peerAllowsClear: boolean;
  /** ExportedKey of section 4.5.2, for applications. */
  readonly exportedKey: Uint8Array;
  /** Parameters for Multistream mode on another stream with this peer. */
  readonly multistream: MultistreamParams;
}

/** Events a session reports. */
export type ZrtpEvent =
  | { readonly type: 'state'; readonly state: ZrtpState }
  | {
      readonly type: 'peer-hello';
      readonly version: string;
      readonly clientId: string;
      readonly zid: Uint8Array;
    }
  /** The Hello does not match the peer's SDP a=zrtp-hash (section 8.1): a possible attack. */
  | { readonly type: 'hello-hash-mismatch' }
  /** A cache entry exists for the peer but no retained secret matched (section 4.3.2). */
  | { readonly type: 'cache-mismatch'; readonly peerZid: Uint8Array }
  | { readonly type: 'secure'; readonly info: SecureInfo }
  /** Media goes back to RTP (GoClear completed, section 4.7.2). */
  | { readonly type: 'clear' }
  /** An Error message sent or received (section 5.9). */
  | { readonly type: 'error'; readonly code: number; readonly direction: 'sent' | 'received' }
  | { readonly type: 'failed'; readonly reason: 'no-peer' | 'timeout' | 'error' };
