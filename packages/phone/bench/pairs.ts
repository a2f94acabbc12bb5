// Phone engines on 127.0.0.1 for the benchmarks: a caller and an auto-answering
// callee per call, WAV speech as microphone, null speakers, real-time media.
import { fileURLToPath } from 'node:url';
import type { NegotiatedAudio } from '@twinkle/sdp';
import {
  defaultProfile,
  defaultSystemSettings,
  type EngineCodec,
  type MediaDtmf,
  type MediaFactory,
  type MediaFlowing,
  type MediaOpenRequest,
  type MediaPort,
  MediaSession,
  Phone,
  type PhoneEvent,
  type TwinkleCodecName,
} from '../src/index.js';

export const SPEECH_8K = fileURLToPath(new URL('../fixtures/media/speech_8k.wav', import.meta.url));

/** A MediaFactory like mediaSessionFactory() that also reports the first RTP packet each call receives. */
export function timedMediaFactory(onFirstPacket: (at: number) => void, onPacket?: () => void): MediaFactory {
  return {
    async open(request: MediaOpenRequest): Promise<MediaPort> {
      let seen = false;
      const session = await MediaSession.open({
        address: request.address,
        port: 0,
        microphone: request.microphone,
        speaker: request.speaker,
        dtmfTransport: request.dtmfTransport,
        dropIncoming: () => {
          onPacket?.();
          if (!seen) {
            seen = true;
            onFirstPacket(performance.now());
          }
          return false;
        },
      });
      return new TimedPort(session);
    },
  };
}

class TimedPort implements MediaPort {
  readonly #session: MediaSession;
  #started: Promise<void> | undefined;
  constructor(session: MediaSession) {
    this.#session = session;
  }
  get localPort(): number {
    return this.#session.localAddress.port;
  }
  get localRtcpPort(): number {
    return this.#session.localRtcpAddress.port;
  }
  async apply(audio: NegotiatedAudio<EngineCodec>): Promise<void> {
    if (this.#started === undefined) {
      if (!audio.sendCodec && audio.receiveCodecs.size === 0) return;
      this.#started = this.#session.start(audio);
      await this.#started;
      return;
    }
    await this.#started;
    this.#session.update(audio);
  }
  sendDtmf(digit: string): void {
    this.#session.sendDtmf(digit);
  }
  setMuted(muted: boolean): void {
    this.#session.setMuted(muted);
  }
  onDtmf(listener: (dtmf: MediaDtmf) => void): () => void {
    return this.#session.onDtmf((d) =>
      listener({ digit: d.digit, durationMs: d.durationMs, method: d.method }),
    );
  }
  onFlowing(listener: (flowing: MediaFlowing) => void): () => void {
    return this.#session.onStarted((s) =>
      listener({
        codec: s.codec,
        payloadType: s.payloadType,
        clockRate: s.clockRate,
        ptimeMs: s.ptimeMs,
        remote: `${s.remote.address}:${s.remote.port}`,
      }),
    );
  }
  async close(): Promise<void> {
    await this.#session.close();
  }
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
          // iLBC's default mode is 30 ms frames (RFC 3952): at the default ptime=20 the callee
          // cannot build an encoder and answers 488, so an iLBC-only profile needs ptime=30
          ...(codecs.length === 1 && codecs[0] === 'ilbc' ? { ptime: 30 } : {}),
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
