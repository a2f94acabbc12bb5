/** Saying that we take INVITEs with Replaces (RFC 3891 section 6.1), as the profile's ext_replaces says. */
import type { ProfileState } from '../engine/profile-state.js';

/** The Supported header field that says we take INVITEs with Replaces. */
export const SUPPORTED_REPLACES: readonly [string, string] = ['Supported', 'replaces'];

/** The header fields our INVITEs and their 2xx carry for Replaces: none with ext_replaces off. */
export function replacesSupport(profile: ProfileState): readonly (readonly [string, string])[] {
  return profile.profile.extReplaces ? [SUPPORTED_REPLACES] : [];
}
