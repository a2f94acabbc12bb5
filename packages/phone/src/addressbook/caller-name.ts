import type { Profile } from '../config/profile.js';

/**
 * Where the phone looks up an incoming caller's name (Twinkle's
 * get_name_from_abook): the address book, or anything else that knows names.
 */
export interface CallerNameSource {
  /** The name of the contact whose address matches `uri` (as the profile expands addresses), or undefined. */
  findName(uri: string, profile: Profile): string | undefined;
}
