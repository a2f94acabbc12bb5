import type { ConfigDiagnostic } from './diagnostic.js';
import { boolField, intField, repeatedField, stringField, uriField } from './field-types.js';
import type { KvDocument, TableValues } from './kv-document.js';
import { kvFileFormat } from './kv-file-format.js';

// Keys, defaults and order of Twinkle's system settings file `twinkle.sys`,
// from src/sys_settings.cpp (FLD_* names, the t_sys_settings constructor,
// read_config, write_config). `sip_udp_port` is the deprecated name of sip_port
// that Twinkle still reads. The call history size is `ch_max_size`.

const POSITIVE = { min: 1, max: 4294967295 } as const;
const PORT = { min: 1, max: 65535 } as const;

/** Every system setting, by property name. */
export const SYSTEM_FIELDS = {
  // AUDIO: devices are `alsa:NAME` or `oss:/dev/dsp` in Twinkle; we also take
  // `file:PATH.wav`, `record:PATH.wav`, `tone:HZ` and `null`.
  devRingtone: stringField('dev_ringtone', 'alsa:default'),
  devSpeaker: stringField('dev_speaker', 'alsa:default'),
  devMic: stringField('dev_mic', 'alsa:default'),
  validateAudioDev: boolField('validate_audio_dev', true),
  alsaPlayPeriodSize: intField('alsa_play_period_size', 128, { min: 16, max: 65536 }),
  alsaCapturePeriodSize: intField('alsa_capture_period_size', 32, { min: 16, max: 65536 }),
  ossFragmentSize: intField('oss_fragment_size', 128, { min: 16, max: 65536 }),
  // LOG (size in MB)
  logMaxSize: intField('log_max_size', 5, { min: 0, max: 65535 }),
  logShowSip: boolField('log_show_sip', true),
  logShowStun: boolField('log_show_stun', true),
  logShowMemory: boolField('log_show_memory', true),
  logShowDebug: boolField('log_show_debug', false),
  // GUI
  guiUseSystray: boolField('gui_use_systray', true),
  guiHideOnClose: boolField('gui_hide_on_close', true),
  guiAutoShowIncoming: boolField('gui_auto_show_incoming', false),
  guiAutoShowTimeout: intField('gui_auto_show_timeout', 10, { min: 0, max: 65535 }),
  guiBrowserCmd: stringField('gui_browser_cmd'),
  guiShowCallOsd: boolField('gui_show_call_osd', true),
  // Address book
  abShowSipOnly: boolField('ab_show_sip_only', false),
  abLookupName: boolField('ab_lookup_name', true),
  abOverrideDisplay: boolField('ab_override_display', true),
  abLookupPhoto: boolField('ab_lookup_photo', true),
  // Call history: records kept in twinkle.ch
  chMaxSize: intField('ch_max_size', 50, { min: 0, max: 1000000 }),
  // Services
  callWaiting: boolField('call_waiting', true),
  hangupBoth3way: boolField('hangup_both_3way', true),
  // Startup: profiles activated at start, one line each
  startUserProfile: repeatedField('start_user_profile', stringField('start_user_profile')),
  startHidden: boolField('start_hidden', false),
  // Network
  sipPort: intField('sip_port', 5060, PORT, ['sip_udp_port']),
  rtpPort: intField('rtp_port', 8000, PORT),
  sipMaxUdpSize: intField('sip_max_udp_size', 65535, { min: 512, max: 65535 }),
  sipMaxTcpSize: intField('sip_max_tcp_size', 1000000, POSITIVE),
  /** Ours (Twinkle has no TLS): the SIP over TLS port, 0 for sip_port + 1 (engine/tls-listen.ts). */
  sipTlsPort: intField('sip_tls_port', 0, { min: 0, max: 65535 }),
  /** Ours: PEM certificate (chain) and private key of the TLS socket; TLS is off without them. */
  tlsCertFile: stringField('tls_cert_file'),
  tlsKeyFile: stringField('tls_key_file'),
  /** Ours: PEM file of the CAs TLS peers are checked against (empty: the system's CAs). */
  tlsCaFile: stringField('tls_ca_file'),
  /** Ours: check the TLS peer's certificate chain and name (RFC 5922). */
  tlsVerify: boolField('tls_verify', true),
  // Ring tones
  playRingtone: boolField('play_ringtone', true),
  ringtoneFile: stringField('ringtone_file'),
  playRingback: boolField('play_ringback', true),
  ringbackFile: stringField('ringback_file'),
  // MIME settings
  mimeSharedDatabase: stringField('mime_shared_database', '/usr/share/mime/globs'),
  // Persistent user interface state
  lastUsedProfile: stringField('last_used_profile'),
  redialUrl: uriField('redial_url'),
  redialDisplay: stringField('redial_display'),
  redialSubject: stringField('redial_subject'),
  redialProfile: stringField('redial_profile'),
  redialHideUser: boolField('redial_hide_user', false),
  showDisplay: boolField('show_display', true),
  showBuddyList: boolField('show_buddy_list', true),
  warnHideUser: boolField('warn_hide_user', true),
  dialHistory: repeatedField('dial_history', stringField('dial_history')),
  // UI session settings
  uiSessionId: stringField('ui_session_id'),
  uiSessionActiveProfile: repeatedField(
    'ui_session_active_profile',
    stringField('ui_session_active_profile'),
  ),
  uiSessionMainGeometry: stringField('ui_session_main_geometry', '0,0,0,0'),
  uiSessionMainHidden: boolField('ui_session_main_hidden', false),
  uiSessionMainState: intField('ui_session_main_state', 0, { min: 0, max: 4294967295 }),
} as const;

const SYSTEM_LAYOUT: readonly string[] = [
  '# AUDIO',
  ...[
    'devRingtone',
    'devSpeaker',
    'devMic',
    'validateAudioDev',
    'alsaPlayPeriodSize',
    'alsaCapturePeriodSize',
  ],
  ...['ossFragmentSize', ''],
  '# LOG',
  ...['logMaxSize', 'logShowSip', 'logShowStun', 'logShowMemory', 'logShowDebug', ''],
  '# GUI',
  ...['guiUseSystray', 'guiHideOnClose', 'guiAutoShowIncoming', 'guiAutoShowTimeout', 'guiBrowserCmd'],
  ...['guiShowCallOsd', ''],
  '# Address book',
  ...['abShowSipOnly', 'abLookupName', 'abOverrideDisplay', 'abLookupPhoto', ''],
  '# Call history',
  ...['chMaxSize', ''],
  '# Services',
  ...['callWaiting', 'hangupBoth3way', ''],
  '# Startup',
  ...['startUserProfile', 'startHidden', ''],
  '# Network',
  ...['sipPort', 'rtpPort', 'sipMaxUdpSize', 'sipMaxTcpSize'],
  ...['sipTlsPort', 'tlsCertFile', 'tlsKeyFile', 'tlsCaFile', 'tlsVerify', ''],
  '# Ring tones',
  ...['playRingtone', 'ringtoneFile', 'playRingback', 'ringbackFile', ''],
  '# MIME settings',
  ...['mimeSharedDatabase', ''],
  '# Persistent user interface state',
  ...['lastUsedProfile', 'redialUrl', 'redialDisplay', 'redialSubject', 'redialProfile', 'redialHideUser'],
  ...['showDisplay', 'showBuddyList', 'warnHideUser', 'dialHistory', ''],
  '# UI session settings',
  ...['uiSessionId', 'uiSessionActiveProfile', 'uiSessionMainGeometry', 'uiSessionMainHidden'],
  ...['uiSessionMainState', ''],
];

/** Twinkle's system settings (`twinkle.sys`) as typed properties; see SYSTEM_FIELDS. */
export type SystemSettings = TableValues<typeof SYSTEM_FIELDS>;

const SYSTEM_FILE = kvFileFormat(SYSTEM_FIELDS, SYSTEM_LAYOUT);

/** Twinkle's defaults for every system setting. */
export const defaultSystemSettings = (): SystemSettings => SYSTEM_FILE.defaults();

/** Parses `twinkle.sys` text. Never throws. */
export const parseSystemSettings = (
  text: string,
  file: string,
): { settings: SystemSettings; document: KvDocument; diagnostics: readonly ConfigDiagnostic[] } => {
  const r = SYSTEM_FILE.parse(text, file);
  return { settings: r.values, document: r.document, diagnostics: r.diagnostics };
};

/** Text for system settings: in place when a document is given, else Twinkle's full layout. */
export const serializeSystemSettings = (settings: SystemSettings, document?: KvDocument): string =>
  SYSTEM_FILE.serialize(settings, document);
