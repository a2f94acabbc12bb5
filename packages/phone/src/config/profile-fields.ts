import { isTwinkleCodecName, type TwinkleCodecName } from './codec-names.js';
import {
  boolField,
  enumField,
  type FieldSpec,
  floatField,
  hexField,
  intField,
  repeatedField,
  serverField,
  stringField,
} from './field-types.js';

// Key names, defaults and value syntaxes of a Twinkle user profile (`<name>.cfg`),
// from Twinkle's src/user.cpp (FLD_* names, the t_user constructor for defaults,
// read_config for syntaxes, write_config for the order and section comments) and
// src/protocol.h (DUR_NAT_KEEPALIVE = DUR_TCP_PING = 30 s). Ranges are ours:
// Twinkle's atoi takes anything, we report what it would misread.

const U32 = { min: 0, max: 4294967295 } as const;
const PT = { min: 96, max: 127 } as const;
const SECONDS = { min: 1, max: 4294967295 } as const;

/** Twinkle's default codec order (built with Speex and iLBC, without bcg729). */
export const DEFAULT_CODECS: readonly TwinkleCodecName[] = [
  'speex-wb',
  'speex-nb',
  'ilbc',
  'g711a',
  'g711u',
  'gsm',
];

/** `codecs=`: comma list; unknown names are dropped with a warning, as Twinkle does; empty keeps the default. */
const codecsField: FieldSpec<readonly TwinkleCodecName[]> = {
  key: 'codecs',
  defaultValue: DEFAULT_CODECS,
  repeated: false,
  parse: (t) => {
    const names = t
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (names.length === 0) return { ok: true, value: DEFAULT_CODECS };
    const known = names.filter(isTwinkleCodecName);
    const unknown = names.filter((n) => !isTwinkleCodecName(n));
    if (known.length === 0) return { ok: false, reason: `no known codec in "${t}"` };
    return unknown.length === 0
      ? { ok: true, value: known }
      : {
          ok: true,
          value: known,
          warning: `unknown codec ${unknown.map((n) => `"${n}"`).join(', ')} ignored`,
        };
  },
  format: (v) => v.join(','),
};

/** A `number_conversion=RE,FORMAT` rule (commas and backslashes escaped with `\`). */
export interface NumberConversion {
  /** Regular expression (Boost/Perl syntax) matched against the whole number. */
  readonly pattern: string;
  /** Replacement with `$1`-style references to the groups (Boost's default format, as in JavaScript). */
  readonly format: string;
}

const escapeComma = (s: string): string => s.replace(/[\\,]/g, (c) => `\\${c}`);

/** Splits on commas not preceded by a backslash and removes the escapes (Twinkle's split_escaped). */
const splitEscaped = (s: string, sep: string): string[] => {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
};

const compiles = (pattern: string): boolean => {
  try {
    return new RegExp(pattern).source !== '';
  } catch {
    return false;
  }
};

const numberConversionField = repeatedField<NumberConversion>('number_conversion', {
  key: 'number_conversion',
  defaultValue: { pattern: '', format: '' },
  repeated: false,
  parse: (t) => {
    const parts = splitEscaped(t, ',');
    if (parts.length !== 2) return { ok: false, reason: `expected REGEX,FORMAT, got "${t}"` };
    // Twinkle drops a rule whose expression does not compile (and logs it); so do we, and say so.
    if (!compiles(parts[0]!))
      return { ok: false, reason: `not a regular expression: "${parts[0]}" (write a \\ in it as \\\\)` };
    return { ok: true, value: { pattern: parts[0]!, format: parts[1]! } };
  },
  format: (v) => `${escapeComma(v.pattern)},${escapeComma(v.format)}`,
});

/** iLBC frame mode: 20 or 30 ms (RFC 3952). */
const ilbcModeField: FieldSpec<20 | 30> = {
  key: 'ilbc_mode',
  defaultValue: 30,
  repeated: false,
  parse: (t) =>
    t === '20' || t === '30'
      ? { ok: true, value: Number(t) as 20 | 30 }
      : { ok: false, reason: `expected 20 or 30, got "${t}"` },
  format: (v) => String(v),
};

/** Every profile key, by property name. */
export const PROFILE_FIELDS = {
  // USER
  userName: stringField('user_name'),
  userDomain: stringField('user_domain'),
  userDisplay: stringField('user_display'),
  userOrganization: stringField('user_organization'),
  authRealm: stringField('auth_realm'),
  authName: stringField('auth_name'),
  authPass: stringField('auth_pass'),
  authAkaOp: hexField('auth_aka_op', 16),
  authAkaAmf: hexField('auth_aka_amf', 2),
  // SIP SERVER (server values are written without "sip:")
  outboundProxy: serverField('outbound_proxy'),
  allRequestsToProxy: boolField('all_requests_to_proxy', false),
  nonResolvableToProxy: boolField('non_resolvable_to_proxy', false),
  registrar: serverField('registrar'),
  registerAtStartup: boolField('register_at_startup', true),
  registrationTime: intField('registration_time', 3600, U32),
  regAddQvalue: boolField('reg_add_qvalue', false),
  regQvalue: floatField('reg_qvalue', 1, { min: 0, max: 1 }),
  // RTP AUDIO
  codecs: codecsField,
  ptime: intField('ptime', 20, { min: 10, max: 80 }),
  outFarEndCodecPref: boolField('out_far_end_codec_pref', true),
  inFarEndCodecPref: boolField('in_far_end_codec_pref', true),
  speexNbPayloadType: intField('speex_nb_payload_type', 97, PT),
  speexWbPayloadType: intField('speex_wb_payload_type', 98, PT),
  speexUwbPayloadType: intField('speex_uwb_payload_type', 99, PT),
  speexBitRateType: enumField('speex_bit_rate_type', ['cbr', 'vbr', 'abr'], 'cbr'),
  speexAbrNb: intField('speex_abr_nb', 0, U32),
  speexAbrWb: intField('speex_abr_wb', 0, U32),
  speexDtx: boolField('speex_dtx', false),
  speexPenh: boolField('speex_penh', true),
  speexQuality: intField('speex_quality', 6, { min: 0, max: 10 }),
  speexComplexity: intField('speex_complexity', 3, { min: 1, max: 10 }),
  speexDspVad: boolField('speex_dsp_vad', true),
  speexDspAgc: boolField('speex_dsp_agc', true),
  speexDspAec: boolField('speex_dsp_aec', false),
  speexDspNrd: boolField('speex_dsp_nrd', true),
  speexDspAgcLevel: intField('speex_dsp_agc_level', 20, { min: 1, max: 100 }),
  ilbcPayloadType: intField('ilbc_payload_type', 96, PT),
  ilbcMode: ilbcModeField,
  g726_16PayloadType: intField('g726_16_payload_type', 102, PT),
  g726_24PayloadType: intField('g726_24_payload_type', 103, PT),
  g726_32PayloadType: intField('g726_32_payload_type', 104, PT),
  g726_40PayloadType: intField('g726_40_payload_type', 105, PT),
  g726Packing: enumField('g726_packing', ['rfc3551', 'aal2'], 'rfc3551'),
  dtmfTransport: enumField('dtmf_transport', ['rfc2833', 'inband', 'info', 'auto'], 'auto'),
  dtmfPayloadType: intField('dtmf_payload_type', 101, PT),
  dtmfDuration: intField('dtmf_duration', 100, { min: 40, max: 500 }),
  dtmfPause: intField('dtmf_pause', 40, { min: 20, max: 500 }),
  dtmfVolume: intField('dtmf_volume', 10, { min: 0, max: 63 }),
  // SIP PROTOCOL
  holdVariant: enumField('hold_variant', ['rfc2543', 'rfc3264'], 'rfc3264'),
  checkMaxForwards: boolField('check_max_forwards', false),
  allowMissingContactReg: boolField('allow_missing_contact_reg', true),
  registrationTimeInContact: boolField('registration_time_in_contact', true),
  compactHeaders: boolField('compact_headers', false),
  encodeMultiValuesAsList: boolField('encode_multi_values_as_list', true),
  useDomainInContact: boolField('use_domain_in_contact', false),
  allowSdpChange: boolField('allow_sdp_change', false),
  allowRedirection: boolField('allow_redirection', true),
  askUserToRedirect: boolField('ask_user_to_redirect', true),
  maxRedirections: intField('max_redirections', 5, { min: 0, max: 100 }),
  ext100rel: enumField('ext_100rel', ['disabled', 'supported', 'preferred', 'required'], 'supported'),
  extReplaces: boolField('ext_replaces', true),
  refereeHold: boolField('referee_hold', false),
  referrerHold: boolField('referrer_hold', true),
  allowRefer: boolField('allow_refer', true),
  askUserToRefer: boolField('ask_user_to_refer', true),
  autoRefreshReferSub: boolField('auto_refresh_refer_sub', false),
  attendedReferToAor: boolField('attended_refer_to_aor', false),
  allowXferConsultInprog: boolField('allow_xfer_consult_inprog', false),
  sendPPreferredId: boolField('send_p_preferred_id', false),
  /** Ours (Twinkle's later GUI has the checkbox): P-Asserted-Identity when hiding the identity. */
  sendPAssertedId: boolField('send_p_asserted_id', false),
  /** Ours: RFC 4028 refreshes by UPDATE when the peer allows it, or always by re-INVITE. */
  sessionRefreshMethod: enumField('session_refresh_method', ['update', 'reinvite'], 'update'),
  // Transport/NAT
  /** `tls` is ours: requests to the servers and calls go over TLS (sips:), engine/tls-listen.ts. */
  sipTransport: enumField('sip_transport', ['udp', 'tcp', 'tls', 'auto'], 'auto'),
  sipTransportUdpThreshold: intField('sip_transport_udp_threshold', 1300, { min: 0, max: 65535 }),
  natPublicIp: stringField('nat_public_ip'),
  stunServer: serverField('stun_server', 'stun'),
  persistentTcp: boolField('persistent_tcp', true),
  enableNatKeepalive: boolField('enable_nat_keepalive', false),
  // TIMERS (seconds)
  timerNoanswer: intField('timer_noanswer', 30, SECONDS),
  timerNatKeepalive: intField('timer_nat_keepalive', 30, SECONDS),
  timerTcpPing: intField('timer_tcp_ping', 30, SECONDS),
  /** Ours: RFC 4028 Session-Expires we ask for, seconds; 0 turns session timers off. */
  timerSessionExpires: intField('timer_session_expires', 1800, { min: 0, max: 86400 }),
  // ADDRESS FORMAT
  displayUseronlyPhone: boolField('display_useronly_phone', true),
  numericalUserIsPhone: boolField('numerical_user_is_phone', false),
  removeSpecialPhoneSymbols: boolField('remove_special_phone_symbols', true),
  specialPhoneSymbols: stringField('special_phone_symbols', '-()/.'),
  useTelUriForPhone: boolField('use_tel_uri_for_phone', false),
  // RING TONES (relative names are relative to the config directory)
  ringtoneFile: stringField('ringtone_file'),
  ringbackFile: stringField('ringback_file'),
  // SCRIPTS
  scriptIncomingCall: stringField('script_incoming_call'),
  scriptInCallAnswered: stringField('script_in_call_answered'),
  scriptInCallFailed: stringField('script_in_call_failed'),
  scriptOutgoingCall: stringField('script_outgoing_call'),
  scriptOutCallAnswered: stringField('script_out_call_answered'),
  scriptOutCallFailed: stringField('script_out_call_failed'),
  scriptLocalRelease: stringField('script_local_release'),
  scriptRemoteRelease: stringField('script_remote_release'),
  // NUMBER CONVERSION
  numberConversion: numberConversionField,
  // SECURITY
  zrtpEnabled: boolField('zrtp_enabled', false),
  zrtpGoclearWarning: boolField('zrtp_goclear_warning', true),
  zrtpSdp: boolField('zrtp_sdp', true),
  zrtpSendIfSupported: boolField('zrtp_send_if_supported', false),
  // MWI (Twinkle spells "sollicited")
  mwiSollicited: boolField('mwi_sollicited', false),
  mwiUser: stringField('mwi_user'),
  mwiServer: serverField('mwi_server'),
  mwiViaProxy: boolField('mwi_via_proxy', false),
  mwiSubscriptionTime: intField('mwi_subscription_time', 3600, SECONDS),
  mwiVmAddress: stringField('mwi_vm_address'),
  // INSTANT MESSAGE
  imMaxSessions: intField('im_max_sessions', 10, { min: 0, max: 65535 }),
  imSendIscomposing: boolField('im_send_iscomposing', true),
  // PRESENCE
  presSubscriptionTime: intField('pres_subscription_time', 3600, SECONDS),
  presPublicationTime: intField('pres_publication_time', 3600, SECONDS),
  presPublishStartup: boolField('pres_publish_startup', true),
} as const;

/**
 * The order and section comments of Twinkle's t_user::write_config, for new
 * files. (Twinkle leaves speex_abr_nb/wb out; so do we.)
 */
export const PROFILE_LAYOUT: readonly string[] = [
  '# USER',
  ...['userName', 'userDomain', 'userDisplay', 'userOrganization', 'authRealm', 'authName', 'authPass'],
  ...['authAkaOp', 'authAkaAmf', ''],
  '# SIP SERVER',
  ...['outboundProxy', 'allRequestsToProxy', 'nonResolvableToProxy', 'registrar', 'registerAtStartup'],
  ...['registrationTime', 'regAddQvalue', 'regQvalue', ''],
  '# RTP AUDIO',
  ...[
    'codecs',
    'ptime',
    'outFarEndCodecPref',
    'inFarEndCodecPref',
    'speexNbPayloadType',
    'speexWbPayloadType',
  ],
  ...['speexUwbPayloadType', 'speexBitRateType', 'speexDtx', 'speexPenh', 'speexQuality', 'speexComplexity'],
  ...['speexDspVad', 'speexDspAgc', 'speexDspAec', 'speexDspNrd', 'speexDspAgcLevel', 'ilbcPayloadType'],
  ...['ilbcMode', 'g726_16PayloadType', 'g726_24PayloadType', 'g726_32PayloadType', 'g726_40PayloadType'],
  ...['g726Packing', 'dtmfTransport', 'dtmfPayloadType', 'dtmfDuration', 'dtmfPause', 'dtmfVolume', ''],
  '# SIP PROTOCOL',
  ...[
    'holdVariant',
    'checkMaxForwards',
    'allowMissingContactReg',
    'registrationTimeInContact',
    'compactHeaders',
  ],
  ...[
    'encodeMultiValuesAsList',
    'useDomainInContact',
    'allowSdpChange',
    'allowRedirection',
    'askUserToRedirect',
  ],
  ...[
    'maxRedirections',
    'ext100rel',
    'extReplaces',
    'refereeHold',
    'referrerHold',
    'allowRefer',
    'askUserToRefer',
  ],
  ...['autoRefreshReferSub', 'attendedReferToAor', 'allowXferConsultInprog', 'sendPPreferredId'],
  ...['sendPAssertedId', 'sessionRefreshMethod', ''],
  '# Transport/NAT',
  ...['sipTransport', 'sipTransportUdpThreshold', 'natPublicIp', 'stunServer', 'persistentTcp'],
  ...['enableNatKeepalive', ''],
  '# TIMERS',
  ...['timerNoanswer', 'timerNatKeepalive', 'timerTcpPing', 'timerSessionExpires', ''],
  '# ADDRESS FORMAT',
  ...['displayUseronlyPhone', 'numericalUserIsPhone', 'removeSpecialPhoneSymbols', 'specialPhoneSymbols'],
  ...['useTelUriForPhone', ''],
  '# RING TONES',
  ...['ringtoneFile', 'ringbackFile', ''],
  '# SCRIPTS',
  ...['scriptIncomingCall', 'scriptInCallAnswered', 'scriptInCallFailed', 'scriptOutgoingCall'],
  ...['scriptOutCallAnswered', 'scriptOutCallFailed', 'scriptLocalRelease', 'scriptRemoteRelease', ''],
  '# NUMBER CONVERSION',
  ...['numberConversion', ''],
  '# SECURITY',
  ...['zrtpEnabled', 'zrtpGoclearWarning', 'zrtpSdp', 'zrtpSendIfSupported', ''],
  '# MWI',
  ...['mwiSollicited', 'mwiUser', 'mwiServer', 'mwiViaProxy', 'mwiSubscriptionTime', 'mwiVmAddress', ''],
  '# INSTANT MESSAGE',
  ...['imMaxSessions', 'imSendIscomposing', ''],
  '# PRESENCE',
  ...['presSubscriptionTime', 'presPublicationTime', 'presPublishStartup'],
];
