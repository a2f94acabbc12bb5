/**
 * ZRTP messages (RFC 6189 section 5) as parsed values. Algorithm names are kept as the
 * four-character strings on the wire; the state machine decides what it supports.
 */

/** The message type blocks of section 5.1. */
export type MessageType =
  | 'Hello'
  | 'HelloACK'
  | 'Commit'
  | 'DHPart1'
  | 'DHPart2'
  | 'Confirm1'
  | 'Confirm2'
  | 'Conf2ACK'
  | 'Error'
  | 'ErrorACK'
  | 'GoClear'
  | 'ClearACK'
  | 'SASrelay'
  | 'RelayACK'
  | 'Ping'
  | 'PingACK';

export const MESSAGE_TYPES: readonly MessageType[] = [
  'Hello',
  'HelloACK',
  'Commit',
  'DHPart1',
  'DHPart2',
  'Confirm1',
  'Confirm2',
  'Conf2ACK',
  'Error',
  'ErrorACK',
  'GoClear',
  'ClearACK',
  'SASrelay',
  'RelayACK',
  'Ping',
  'PingACK',
];

/** Hello (section 5.2). */
export interface HelloMessage {
  readonly type: 'Hello';
  readonly version: string;
  readonly clientId: string;
  readonly h3: Uint8Array;
  readonly zid: Uint8Array;
  readonly signatureCapable: boolean;
  readonly mitm: boolean;
  readonly passive: boolean;
  readonly hash: readonly string[];
  readonly cipher: readonly string[];
  readonly authTag: readonly string[];
  readonly keyAgreement: readonly string[];
  readonly sas: readonly string[];
  readonly mac: Uint8Array;
}

/** Commit (section 5.4): hvi in DH mode, a nonce in Multistream, nonce and key ID in Preshared. */
export interface CommitMessage {
  readonly type: 'Commit';
  readonly h2: Uint8Array;
  readonly zid: Uint8Array;
  readonly hash: string;
  readonly cipher: string;
  readonly authTag: string;
  readonly keyAgreement: string;
  readonly sas: string;
  readonly hvi?: Uint8Array;
  readonly nonce?: Uint8Array;
  readonly keyId?: Uint8Array;
  readonly mac: Uint8Array;
}

/** DHPart1 or DHPart2 (sections 5.5 and 5.6). */
export interface DhPartMessage {
  readonly type: 'DHPart1' | 'DHPart2';
  readonly h1: Uint8Array;
  readonly rs1Id: Uint8Array;
  readonly rs2Id: Uint8Array;
  readonly auxsecretId: Uint8Array;
  readonly pbxsecretId: Uint8Array;
  readonly pv: Uint8Array;
  readonly mac: Uint8Array;
}

/** Confirm1 or Confirm2 (section 5.7): the part after the IV is encrypted. */
export interface ConfirmMessage {
  readonly type: 'Confirm1' | 'Confirm2';
  readonly confirmMac: Uint8Array;
  readonly iv: Uint8Array;
  readonly encrypted: Uint8Array;
}

/** SASrelay (section 5.13), encrypted like Confirm. */
export interface SasRelayMessage {
  readonly type: 'SASrelay';
  readonly mac: Uint8Array;
  readonly iv: Uint8Array;
  readonly encrypted: Uint8Array;
}

/** Error (section 5.9). */
export interface ErrorMessage {
  readonly type: 'Error';
  readonly code: number;
}

/** GoClear (section 5.11). */
export interface GoClearMessage {
  readonly type: 'GoClear';
  readonly clearMac: Uint8Array;
}

/** Ping (section 5.15). */
export interface PingMessage {
  readonly type: 'Ping';
  readonly version: string;
  readonly endpointHash: Uint8Array;
}

/** PingACK (section 5.16). */
export interface PingAckMessage {
  readonly type: 'PingACK';
  readonly version: string;
  readonly endpointHash: Uint8Array;
  readonly receivedEndpointHash: Uint8Array;
  readonly ssrc: number;
}

/** Messages with no body. */
export interface EmptyMessage {
  readonly type: 'HelloACK' | 'Conf2ACK' | 'ErrorACK' | 'ClearACK' | 'RelayACK';
}

export type ZrtpMessage =
  | HelloMessage
  | CommitMessage
  | DhPartMessage
  | ConfirmMessage
  | SasRelayMessage
  | ErrorMessage
  | GoClearMessage
  | PingMessage
  | PingAckMessage
  | EmptyMessage;

/** A parsed ZRTP packet (section 5, figure 2). */
export interface ZrtpPacket {
  readonly sequence: number;
  readonly ssrc: number;
  readonly message: ZrtpMessage;
  /** The message octets (preamble to end, no packet header or CRC): what hashes and MACs cover. */
  readonly raw: Uint8Array;
}

/** Error codes of section 5.9. */
export const ZrtpErrorCode = {
  MalformedPacket: 0x10,
  CriticalSoftwareError: 0x20,
  UnsupportedVersion: 0x30,
  HelloComponentsMismatch: 0x40,
  HashTypeNotSupported: 0x51,
  CipherTypeNotSupported: 0x52,
  PublicKeyExchangeNotSupported: 0x53,
  AuthTagNotSupported: 0x54,
  SasSchemeNotSupported: 0x55,
  NoSharedSecret: 0x56,
  BadPublicValue: 0x61,
  HviMismatch: 0x62,
  UntrustedMitm: 0x63,
  BadConfirmMac: 0x70,
  NonceReuse: 0x80,
  EqualZids: 0x90,
  SsrcCollision: 0x91,
  ServiceUnavailable: 0xa0,
  ProtocolTimeout: 0xb0,
  GoClearNotAllowed: 0x100,
} as const;
