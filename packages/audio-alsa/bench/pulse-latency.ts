import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlsaCapture } from '../src/alsa/alsa-capture.js';
import { AlsaPlayback } from '../src/alsa/alsa-playback.js';
import { loadLibAsound } from '../src/alsa/libasound.js';
import { hasCommand } from '../src/alsa-utils/has-command.js';
import { RealTimeClock } from '../src/clock/real-time-clock.js';
import type { AudioSink, AudioSource } from '../src/device.js';
import { TELEPHONY_FORMAT } from '../src/format.js';
import { openSink, openSource } from '../src/open-device.js';

/** A private PulseAudio with a null sink whose monitor is the default source: a clocked loop. */
export async function startPulse(): Promise<
  { stop: () => Promise<void>; env: NodeJS.ProcessEnv } | undefined
> {
  if (!hasCommand('pulseaudio')) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'twinkle-pa-'));
  writeFileSync(
    join(dir, 'default.pa'),
    [
      `load-module module-native-protocol-unix socket=${dir}/native auth-anonymous=1`,
      'load-module module-null-sink sink_name=loop rate=8000 channels=1',
      'set-default-sink loop',
      'set-default-source loop.monitor',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, PULSE_SERVER: `unix:${dir}/native` };
  const pa: ChildProcess = spawn(
    'pulseaudio',
    ['-n', '-F', join(dir, 'default.pa'), '--daemonize=no', '--exit-idle-time=-1', '--log-level=error'],
    { env, stdio: 'ignore' },
  );
  // Even if the bench dies on an exception, the server it started goes with it.
  const killOnExit = (): void => {
    if (pa.exitCode === null) pa.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  await new Promise((r) => setTimeout(r, 1500));
  return {
    env,
    stop: async () => {
      process.off('exit', killOnExit);
      if (pa.exitCode === null) {
        const done = new Promise((r) => pa.once('exit', r));
        pa.kill('SIGTERM');
        await Promise.race([done, new Promise((r) => setTimeout(r, 2000))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Plays a click every 400 ms into `sink` and finds it in what `source` captures; the time
 * from write() to the frame handler (adjusted for the click's place in the frame) is the
 * round trip through both device paths.
 */
export async function roundTrip(
  source: AudioSource,
  sink: AudioSink,
  clicks = 10,
  pull?: AlsaPlayback,
): Promise<number[]> {
  const rate = source.format.sampleRate;
  const lat: number[] = [];
  let sentAt = Number.NaN;
  let armed = false;
  source.start((f) => {
    if (!armed) return;
    for (let i = 0; i < f.length; i++) {
      if (Math.abs(f[i]!) > 5000) {
        lat.push(performance.now() - ((f.length - i) * 1000) / rate - sentAt);
        armed = false;
        return;
      }
    }
  });
  const clock = new RealTimeClock();
  const silence = new Int16Array(source.format.sampleRate / 50);
  const click = new Int16Array(silence.length);
  click.fill(20000, 0, 8);
  let n = 0;
  if (pull) {
    // Pull mode: the device asks for frames; no clock of ours, no queue.
    let k = 0;
    pull.pullFrom((f) => {
      k++;
      if (k % 20 === 0 && lat.length < clicks) {
        sentAt = performance.now();
        armed = true;
        f.set(click);
      } else f.fill(0);
    });
    const end = Date.now() + 20 * 20 * (clicks + 5);
    while (lat.length < clicks && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise<void>((resolve) => {
    if (pull) return resolve();
    const stop = clock.every(20, () => {
      n++;
      if (n % 20 === 0 && lat.length < clicks) {
        sentAt = performance.now();
        armed = true;
        sink.write(click);
      } else sink.write(silence);
      if (lat.length >= clicks || n > 20 * (clicks + 5)) {
        stop();
        resolve();
      }
    });
  });
  await source.close();
  await sink.close();
  return lat;
}

/** Round-trip figures through PulseAudio for the native and the arecord/aplay backends. */
export async function pulseLatency(): Promise<string[][]> {
  const pulse = await startPulse();
  if (!pulse) return [['(pulseaudio not installed: no device round trip measured)']];
  process.env.PULSE_SERVER = pulse.env.PULSE_SERVER;
  const rows: string[][] = [];
  const stats = (l: number[]): string[] => {
    const s = [...l].sort((a, b) => a - b);
    return s.length
      ? [
          `${s[Math.floor(s.length / 2)]!.toFixed(1)} ms`,
          `${s[0]!.toFixed(1)}..${s.at(-1)!.toFixed(1)} ms`,
          `${s.length}`,
        ]
      : ['no click came back', '', '0'];
  };
  try {
    const lib = loadLibAsound();
    if (lib.ok) {
      for (const periodMs of [5, 10, 20]) {
        const buffer = { periodMs, periods: 4 };
        const cap = AlsaCapture.open(lib.lib, 'pulse', TELEPHONY_FORMAT, buffer);
        const play = AlsaPlayback.open(lib.lib, 'pulse', TELEPHONY_FORMAT, buffer);
        if (!cap.ok || !play.ok) {
          rows.push([`native, period ${periodMs} ms`, cap.ok ? '' : cap.reason, play.ok ? '' : play.reason]);
          continue;
        }
        rows.push([
          `native, write(), period ${periodMs} ms x4`,
          ...stats(await roundTrip(cap.value, play.value)),
        ]);
        const cap2 = AlsaCapture.open(lib.lib, 'pulse', TELEPHONY_FORMAT, buffer);
        const play2 = AlsaPlayback.open(lib.lib, 'pulse', TELEPHONY_FORMAT, buffer);
        if (cap2.ok && play2.ok) {
          const l = await roundTrip(cap2.value, play2.value, 10, play2.value);
          rows.push([`native, pullFrom(), period ${periodMs} ms x4`, ...stats(l)]);
        }
      }
    }
    if (hasCommand('arecord')) {
      // Opened as the phone opens them: openSink waits for aplay to be up (300 ms).
      const o = { backends: ['alsa-utils'] as const, env: pulse.env };
      const cap = await openSource('pulse', o);
      const play = await openSink('pulse', o);
      rows.push(['arecord/aplay, period 10 ms x4', ...stats(await roundTrip(cap.device, play.device))]);
    }
  } finally {
    await pulse.stop();
  }
  return rows;
}
