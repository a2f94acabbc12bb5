// Phone engines on 127.0.0.1 for the benchmarks: a caller and an auto-answering
// callee per call, WAV speech as microphone, null speakers, real-time media.
import { fileURLToPath } from 'node:url';
import {
  defaultProfile,
  defaultSystemSettings,
  type MediaFactory,
  mediaSessionFactory,
  Phone,
  type PhoneEvent,
  type TwinkleCodecName,
} from '../src/index.js';

export const SPEECH_8K = fileURLToPath(new URL('../fixtures/media/speech_8k.wav', import.meta.url));

/** The engine's own media factory, also reporting the first RTP packet each call receives. */
export function timedMediaFactory(onFirstPacket: (at: number) => void, onPacket?: () => void): MediaFactory {
  return mediaSessionFactory({
    incomingFilter: () => {
      let seen = false;
      return () => {
        onPacket?.();
        if (!seen) {
          seen = true;
          onFirstPacket(performance.now());
        }
        return false;
      };
    },
  });
}

export interface BenchPhone {
  readonly phone: Phone;
  readonly uri: string;
  readonly events: PhoneEvent[];
}

/** One Phone on 127.0.0.1 (ephemeral SIP and RTP ports, no registration). */
export async function benchPhone(
  name: string,
  codecs: readonly TwinkleCodecName[],
  media: MediaFactory,
  autoAnswer: boolean,
): Promise<BenchPhone> {
  const phone = await Phone.create({
    settings: {
      ...defaultSystemSettings(),
      sipPort: 0,
      rtpPort: 0,
      devMic: `file:${SPEECH_8K}`,
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
          codecs,
        },
        services: { dnd: false, autoAnswer },
      },
    ],
    address: '127.0.0.1',
    media,
    quitTimeoutMs: 2000,
  });
  const events: PhoneEvent[] = [];
  phone.on((e) => events.push(e));
  const port = phone.ua.transport.localAddress('udp')?.port;
  return { phone, uri: `sip:${name}@127.0.0.1:${port}`, events };
}

/** Waits until `done()` or `ms` pass; returns whether it became true. */
export async function until(done: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Load average line for the output: figures are honest only on an idle machine. */
export async function loadNote(): Promise<string> {
  const os = await import('node:os');
  const [a, b, c] = os.loadavg();
  return `load average ${a!.toFixed(2)} ${b!.toFixed(2)} ${c!.toFixed(2)} on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})`;
}

/** Percentile of a sorted copy. */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((x, y) => x - y);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
