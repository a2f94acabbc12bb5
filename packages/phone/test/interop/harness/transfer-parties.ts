/**
 * Parties of the transfer interop tests: our Phones on 127.0.0.1 with real RTP
 * and null audio devices, profiles that take REFER without asking, and an
 * event wait that looks at events from a given point on.
 */
import {
  defaultProfile,
  defaultSystemSettings,
  mediaSessionFactory,
  Phone,
  type PhoneEvent,
} from '../../../src/index.js';
import { freePortBlock } from './ports.js';

/** One of our phones with its events recorded. */
export interface Party {
  readonly phone: Phone;
  readonly events: PhoneEvent[];
  /** `sip:NAME@127.0.0.1:PORT`. */
  readonly uri: string;
  /** Resolves with the first event (already seen or to come) that matches; rejects after `ms`. */
  waitFor<T extends PhoneEvent['type']>(
    type: T,
    match?: (e: Extract<PhoneEvent, { type: T }>) => boolean,
    ms?: number,
  ): Promise<Extract<PhoneEvent, { type: T }>>;
}

/** Starts a Phone with one profile `name` (PCMU, auto answer as given, REFER accepted without asking). */
export async function startParty(name: string, autoAnswer: boolean): Promise<Party> {
  const rtp = await freePortBlock(20);
  const phone = await Phone.create({
    settings: {
      ...defaultSystemSettings(),
      sipPort: 0,
      rtpPort: rtp,
      devMic: 'null',
      devSpeaker: 'null',
      devRingtone: 'null',
    },
    profiles: [
      {
        name,
        profile: {
          ...defaultProfile(),
          userName: name,
          userDomain: '127.0.0.1',
          registerAtStartup: false,
          codecs: ['g711u'],
          askUserToRefer: false,
        },
        services: { dnd: false, autoAnswer },
      },
    ],
    address: '127.0.0.1',
    media: mediaSessionFactory(),
    quitTimeoutMs: 1500,
  });
  const events: PhoneEvent[] = [];
  phone.on((e) => events.push(e));
  const uri = `sip:${name}@127.0.0.1:${phone.ua.transport.localAddress('udp')!.port}`;
  return {
    phone,
    events,
    uri,
    waitFor: (type, match, ms = 8000) =>
      new Promise((resolve, reject) => {
        type E = Extract<PhoneEvent, { type: typeof type }>;
        const ok = (e: PhoneEvent): e is E => e.type === type && (match === undefined || match(e as E));
        const seen = events.find(ok);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => {
          off();
          reject(new Error(`${name}: no ${type} event within ${ms} ms; saw ${JSON.stringify(events)}`));
        }, ms);
        const off = phone.on((e) => {
          if (!ok(e)) return;
          clearTimeout(timer);
          off();
          resolve(e);
        });
      }),
  };
}
