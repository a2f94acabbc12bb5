/**
 * Configuration compatible with Twinkle's own files: profiles (`<name>.cfg`),
 * system settings (`twinkle.sys`), services (`<name>.svc`), the config
 * directory, first-run and new profiles, and the instance lock.
 */

export { type AudioDeviceSpec, formatAudioDevice, parseAudioDevice } from './audio-device.js';
export {
  type CodecIdentity,
  codecIdentity,
  type G726Packing,
  isTwinkleCodecName,
  TWINKLE_CODEC_NAMES,
  type TwinkleCodecName,
} from './codec-names.js';
export {
  CONFIG_FILES,
  ensureConfigDir,
  isValidProfileName,
  type LoadedProfile,
  type LoadedServices,
  type LoadedSystemSettings,
  listProfiles,
  profilePath,
  readProfile,
  readServices,
  readSystemSettings,
  resolveConfigDir,
  writeFileAtomic,
  writeProfile,
  writeServices,
  writeSystemSettings,
} from './config-dir.js';
export { ConfigError, type ConfigErrorCode } from './config-error.js';
export { type ActiveProfile, type ConfigStore, type OpenConfigOptions, openConfig } from './config-store.js';
export {
  type AddressFormat,
  convertNumber,
  type Destination,
  expandDestination,
  looksLikePhone,
} from './destination.js';
export { type ConfigDiagnostic, formatDiagnostic } from './diagnostic.js';
export type { FieldParse, FieldSpec } from './field-types.js';
export type { KvDocument } from './kv-document.js';
export {
  acquireInstanceLock,
  type InstanceLock,
  type LockOptions,
  lockOwner,
  pidIsAlive,
} from './lock-file.js';
export {
  type AnswerProblem,
  createFirstRunProfile,
  createProfile,
  type LocalIdentity,
  localIdentity,
  type NewProfileAnswers,
  profileFromAnswers,
} from './new-profile.js';
export {
  defaultProfile,
  type Profile,
  type ProfileProblem,
  parseProfile,
  profileAor,
  profileAuthName,
  serializeProfile,
  serverUri,
  validateProfile,
} from './profile.js';
export { DEFAULT_CODECS, type NumberConversion, PROFILE_FIELDS } from './profile-fields.js';
export {
  defaultServices,
  parseServices,
  SERVICE_FIELDS,
  type Services,
  serializeServices,
} from './services.js';
export {
  chooseStartupProfiles,
  expandConfigPath,
  parseProfileList,
  readProfiles,
  type StartupSource,
} from './startup-profiles.js';
export {
  defaultSystemSettings,
  parseSystemSettings,
  SYSTEM_FIELDS,
  type SystemSettings,
  serializeSystemSettings,
} from './system-settings.js';
