export { deriveSessionKeys, SrtpLabel, type SrtpSessionKeys, srtpPrf } from './key-derivation.js';
export { keysFromDtlsSrtp, splitMasterKey } from './key-material.js';
export { SRTP_PROFILES, type SrtpProfile, type SrtpProfileName } from './profiles.js';
export { type ReplayVerdict, ReplayWindow } from './replay-window.js';
export { SrtpContext, type SrtpContextOptions, type SrtpKeyMaterial } from './srtp-context.js';
export type { SrtpErrorCode } from './srtp-errors.js';
