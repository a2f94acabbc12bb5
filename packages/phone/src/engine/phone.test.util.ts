/**
 * Test kit of the engine tests: profiles and settings with Twinkle's
 * defaults, a media factory that records what the engine asks of the media
 * layer (it isolates the call model from RTP and sound), and event waits.
 */
import type { NegotiatedAudio } from '@twinkle/sdp';
import { defaultProfile } from '../config/profile.js';
import { defaultSystemSettings } from '../config/system-settings.js';
import type {
  EngineCodec,
  MediaDtmf,
  MediaFactory,
  MediaFlowing,
  MediaOpenRequest,
  MediaPort,
  Playing,
  TonePlayer,
} from './media-port.js';
import { Phone } from './phone.js';
import type { PhoneEvent } from './phone-events.js';
import type { NamedProfile, PhoneOptions, PhoneProfile, PhoneSystemSettings } from './phone-options.js';

/** A profile for direct calls on 127.0.0.1, Twinkle's defaults otherwise (G.711 and GSM, RFC 2833 DTMF). */
export function testProfile(name: string, changes: Partial<PhoneProfile> = {}): NamedProfile {
  return {
    name,
    profile: {
      ...defaultProfile(),
      userName: name,
      userDomain: '127.0.0.1',
      userDisplay: name[0]!.toUpperCase() + name.slice(1),
      registerAtStartup: false,
      codecs: ['g711a', 'g711u', 'gsm'],
      dtmfTransport: 'rfc2833',
      ...changes,
    },
  };
}

/** System settings with ephemeral ports and the null audio devices. */
export function testSettings(changes: Partial<PhoneSystemSettings> = {}): PhoneSystemSettings {
  return {
    ...defaultSystemSettings(),
    sipPort: 0,
    rtpPort: 0,
    devMic: 'null',
    devSpeaker: 'null',
    devRingtone: 'null',
    ...changes,
  };
}

/** A media port that records the engine's requests. */
export class RecordingPort implements MediaPort {
  readonly applied: NegotiatedAudio<EngineCodec>[] = [];
  readonly sentDtmf: string[] = [];
  muted = false;
  closed = false;
  readonly #dtmf = new Set<(d: MediaDtmf) => void>();
  readonly #flowing = new Set<(f: MediaFlowing) => void>();

  constructor(
    readonly request: MediaOpenRequest,
    readonly localPort: number,
  ) {}

  apply(audio: NegotiatedAudio<EngineCodec>): void {
    this.applied.push(audio);
    const c = audio.sendCodec;
    if (c)
      for (const l of this.#flowing)
        l({
          codec: c.encoding,
          payloadType: c.payloadType,
          clockRate: c.clockRate,
          ptimeMs: audio.sendPtime ?? 20,
          remote: `${audio.remoteAddress}:${audio.remotePort}`,
        });
  }

  sendDtmf(digit: string): void {
    this.sentDtmf.push(digit);
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  /** Plays the far end sending a key. */
  receiveDtmf(digit: string): void {
    for (const l of this.#dtmf) l({ digit, durationMs: 100, method: 'rfc2833' });
  }

  onDtmf(listener: (d: MediaDtmf) => void): () => void {
    this.#dtmf.add(listener);
    return () => this.#dtmf.delete(listener);
  }

  onFlowing(listener: (f: MediaFlowing) => void): () => void {
    this.#flowing.add(listener);
    return () => this.#flowing.delete(listener);
  }

  close(): void {
    this.closed = true;
  }
}

export class RecordingMedia implements MediaFactory {
  readonly ports: RecordingPort[] = [];
  #next: number;

  constructor(firstPort: number) {
    this.#next = firstPort;
  }

  async open(request: MediaOpenRequest): Promise<RecordingPort> {
    const port = new RecordingPort(request, this.#next);
    this.#next += 2;
    this.ports.push(port);
    return port;
  }
}

/** Tone players that log what plays. */
export class RecordingTones implements TonePlayer {
  readonly log: string[] = [];
  ring(line: number, file?: string): Playing {
    this.log.push(`ring ${line}${file === undefined ? '' : ` ${file}`}`);
    return { stop: () => this.log.push(`stop ring ${line}`) };
  }
  ringback(line: number): Playing {
    this.log.push(`ringback ${line}`);
    return { stop: () => this.log.push(`stop ringback ${line}`) };
  }
  callWaiting(line: number): Playing {
    this.log.push(`waiting ${line}`);
    return { stop: () => this.log.push(`stop waiting ${line}`) };
  }
}

/** A phone on 127.0.0.1 with its events recorded. */
export interface TestPhone {
  readonly phone: Phone;
  readonly events: PhoneEvent[];
  readonly media: RecordingMedia;
  readonly tones: RecordingTones;
  /** `sip:user@127.0.0.1:PORT` of a profile of this phone. */
  uri(user: string): string;
  /** Resolves with the first event (past or future) that matches; rejects after `ms`. */
  waitFor<T extends PhoneEvent['type']>(
    type: T,
    match?: (e: Extract<PhoneEvent, { type: T }>) => boolean,
    ms?: number,
  ): Promise<Extract<PhoneEvent, { type: T }>>;
}

let nextMediaPort = 41000;

export async function startPhone(
  profiles: readonly NamedProfile[],
  changes: Partial<Omit<PhoneOptions, 'profiles' | 'media'>> = {},
): Promise<TestPhone> {
  const media = new RecordingMedia(nextMediaPort);
  nextMediaPort += 100;
  const tones = new RecordingTones();
  const phone = await Phone.create({
    settings: testSettings(),
    address: '127.0.0.1',
    quitTimeoutMs: 1500,
    ...changes,
    profiles,
    media,
    tones,
  });
  const events: PhoneEvent[] = [];
  phone.on((e) => events.push(e));
  const port = phone.ua.transport.localAddress('udp')!.port;
  return {
    phone,
    events,
    media,
    tones,
    uri: (user) => `sip:${user}@127.0.0.1:${port}`,
    // 10 s: a SIP exchange on 127.0.0.1 takes milliseconds, but a loaded 2-core CI machine running
    // other test files at once (phone suite 5x slower under load here) can stall one for seconds.
    waitFor: (type, match, ms = 10_000) =>
      new Promise((resolve, reject) => {
        type E = Extract<PhoneEvent, { type: typeof type }>;
        const ok = (e: PhoneEvent): e is E => e.type === type && (match === undefined || match(e as E));
        const seen = events.find(ok);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no ${type} event within ${ms} ms; saw ${JSON.stringify(events)}`));
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
