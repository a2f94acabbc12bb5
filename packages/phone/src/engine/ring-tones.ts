/**
 * Ring tone, ringback and the call-waiting beep on the media module's
 * RingPlayer: a WAV file in a loop (`ringtone_file`, `ringback_file`) or a
 * generated cadence, on `dev_ringtone` for ringing and `dev_speaker` for the
 * rest, as Twinkle plays them.
 */
import type { MediaClock } from '@twinkle/audio-alsa';
import type { SystemSettings } from '../config/system-settings.js';
import { CALL_WAITING_CADENCE, type Cadence, RING_CADENCE, RINGBACK_CADENCE } from '../media/cadence-tone.js';
import { RingPlayer } from '../media/ring-player.js';
import type { Playing, TonePlayer } from './media-port.js';

/** Options of {@link ringPlayerTones}. */
export interface RingPlayerTonesOptions {
  readonly settings: Pick<SystemSettings, 'devRingtone' | 'devSpeaker' | 'ringtoneFile' | 'ringbackFile'>;
  /** Resolves relative file names (Twinkle: relative to the config directory). */
  readonly resolveFile?: (name: string) => string;
  readonly clock?: MediaClock;
  /** Why a tone is not what was asked (no sound card, unreadable file), once per reason. */
  readonly onNotice?: (message: string) => void;
}

/** Tones played with RingPlayer; each play opens the device and closes it when stopped. */
export function ringPlayerTones(options: RingPlayerTonesOptions): TonePlayer {
  const told = new Set<string>();
  const s = options.settings;
  const file = (name: string): string | undefined =>
    name === '' ? undefined : (options.resolveFile?.(name) ?? name);
  const play = (device: string, cadence: Cadence, path: string | undefined): Playing => {
    let stopped = false;
    const started = RingPlayer.start({
      device,
      cadence,
      ...(path === undefined ? {} : { file: path }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    }).then(
      (player) => {
        for (const n of player.notices) {
          if (told.has(n)) continue;
          told.add(n);
          options.onNotice?.(n);
        }
        if (stopped) void player.stop();
        return player;
      },
      (error: unknown) => {
        options.onNotice?.(`cannot play a tone on ${device}: ${(error as Error).message}`);
        return undefined;
      },
    );
    return {
      stop: () => {
        stopped = true;
        void started.then((p) => p?.stop());
      },
    };
  };
  return {
    ring: (_line, f) => play(s.devRingtone, RING_CADENCE, file(f ?? s.ringtoneFile)),
    ringback: () => play(s.devSpeaker, RINGBACK_CADENCE, file(s.ringbackFile)),
    callWaiting: () => play(s.devSpeaker, CALL_WAITING_CADENCE, undefined),
  };
}
