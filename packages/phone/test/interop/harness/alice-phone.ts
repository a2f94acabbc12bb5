/**
 * The Phone the interop tests run against their peers: profile `alice` at
 * 127.0.0.1 for direct calls (no registration), listening on 127.0.0.1 with
 * ports the system picks and null audio devices unless a test says otherwise.
 */
import { testSettings } from '../../../src/engine/phone.test.util.js';
import {
  defaultProfile,
  Phone,
  type PhoneOptions,
  type PhoneSystemSettings,
  type Profile,
} from '../../../src/index.js';

export interface AlicePhoneOptions extends Omit<PhoneOptions, 'settings' | 'profiles' | 'address'> {
  /** Profile keys over the defaults (`alice`, domain 127.0.0.1, register_at_startup=no). */
  readonly profile?: Partial<Profile>;
  /** System settings over the defaults (SIP and RTP port 0, null audio devices). */
  readonly settings?: Partial<PhoneSystemSettings>;
}

export function startAlicePhone(options: AlicePhoneOptions): Promise<Phone> {
  const { profile, settings, ...rest } = options;
  return Phone.create({
    settings: testSettings(settings),
    profiles: [
      {
        name: 'alice',
        profile: {
          ...defaultProfile(),
          userName: 'alice',
          userDomain: '127.0.0.1',
          registerAtStartup: false,
          ...profile,
        },
      },
    ],
    address: '127.0.0.1',
    ...rest,
  });
}
