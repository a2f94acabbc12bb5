/**
 * The call engine of @twinkle/phone as the console uses it: Phone.create
 * with the media module's sessions. Typed against the console's own
 * PhoneControl seam, so a change of the engine's API shows here at build
 * time.
 */
import { mediaSessionFactory, Phone, type PhoneOptions } from '@twinkle/phone';
import type { PhoneControl } from './phone-control.js';

/** Phone.create's options without `media`, which the engine loader adds. */
export type EngineOptions = Omit<PhoneOptions, 'media'>;

export interface Engine {
  createPhone(options: EngineOptions): Promise<PhoneControl>;
}

/** The engine: Phones whose calls run on MediaSession (RTP, codecs, jitter buffer, devices). */
export function loadEngine(): Engine {
  return {
    createPhone: async (options) => {
      const phone: PhoneControl = await Phone.create({ ...options, media: mediaSessionFactory() });
      return phone;
    },
  };
}
