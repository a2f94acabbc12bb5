/**
 * One call between two Phone engines on 127.0.0.1 with real SIP and RTP: each has a WAV
 * file as microphone (`file:`) and records its speaker (`record:`), as a user's settings
 * name them. Media runs on a virtual clock shared by the pair, in 20 ms steps; after each
 * step the harness waits (bounded) until every RTP packet sent so far has arrived, so the
 * recordings do not depend on machine load, and several calls can run side by side.
 */
import { VirtualClock } from '@twinkle/audio-alsa';
import { RecordingTones, testProfile, testSettings } from '../../../src/engine/phone.test.util.js';
import { mediaSessionFactory, Phone, type PhoneEvent, type PhoneProfile } from '../../../src/index.js';

type Flowing = Extract<PhoneEvent, { type: 'media' }>;

export interface LoopbackCallOptions {
  /** The caller's and the callee's profile changes (codecs, ptime, ...). */
  readonly caller: Partial<PhoneProfile>;
  readonly callee: Partial<PhoneProfile>;
  /** WAV files: what each side says. */
  readonly callerMic: string;
  readonly calleeMic: string;
  /** WAV files: what each side hears. */
  readonly callerRecording: string;
  readonly calleeRecording: string;
  /** Media time to run, ms. */
  readonly talkMs: number;
}

export interface LoopbackCallResult {
  /** The `media` event of each side (codec, payload type, ptime). */
  readonly callerMedia: Flowing;
  readonly calleeMedia: Flowing;
  /** Every event of each phone, for failure messages. */
  readonly callerEvents: readonly PhoneEvent[];
  readonly calleeEvents: readonly PhoneEvent[];
  /** Lengths of the RTP payloads each side received (audio payload types only). */
  readonly callerReceivedSizes: ReadonlySet<number>;
  readonly calleeReceivedSizes: ReadonlySet<number>;
}

function waitFor<T extends PhoneEvent['type']>(
  events: PhoneEvent[],
  phone: Phone,
  type: T,
  ms: number,
  match: (e: Extract<PhoneEvent, { type: T }>) => boolean = () => true,
): Promise<Extract<PhoneEvent, { type: T }>> {
  type E = Extract<PhoneEvent, { type: T }>;
  const ok = (e: PhoneEvent): e is E => e.type === type && match(e as E);
  const seen = events.find(ok);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
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
  });
}

/** Runs a whole call: set-up, `talkMs` of media both ways, BYE, quit. The recordings are complete when it resolves. */
export async function loopbackCall(o: LoopbackCallOptions): Promise<LoopbackCallResult> {
  const clock = new VirtualClock();
  const received = { caller: 0, callee: 0 };
  // Woken on each received packet: the step waits on arrivals, not by polling, so ten calls
  // side by side on a loaded machine do not spin the event loop (and starve each other).
  let arrived: (() => void) | undefined;
  const sizes = { caller: new Set<number>(), callee: new Set<number>() };
  const factory = (side: 'caller' | 'callee') =>
    mediaSessionFactory({
      clock,
      incomingFilter: () => (packet) => {
        received[side]++;
        arrived?.();
        // telephone-event (dynamic, 101 by default) is not audio
        if (packet.payloadType < 100) sizes[side].add(packet.payload.length);
        return false;
      },
    });
  const make = (side: 'caller' | 'callee', name: string) =>
    Phone.create({
      settings: testSettings({
        devMic: `file:${side === 'caller' ? o.callerMic : o.calleeMic}`,
        devSpeaker: `record:${side === 'caller' ? o.callerRecording : o.calleeRecording}`,
      }),
      profiles: [testProfile(name, side === 'caller' ? o.caller : o.callee)],
      address: '127.0.0.1',
      media: factory(side),
      // no ring tones: ringback would play on dev_speaker, the recording
      tones: new RecordingTones(),
      quitTimeoutMs: 2000,
    });
  const caller = await make('caller', 'alice');
  const callee = await make('callee', 'bob').catch(async (e) => {
    await caller.quit();
    throw e;
  });
  const callerEvents: PhoneEvent[] = [];
  const calleeEvents: PhoneEvent[] = [];
  caller.on((e) => callerEvents.push(e));
  callee.on((e) => calleeEvents.push(e));
  try {
    callee.setAutoAnswer(true);
    const port = callee.ua.transport.localAddress('udp')!.port;
    await caller.call(`sip:bob@127.0.0.1:${port}`);
    // Both media sessions run before the clock moves: both microphones start at the same instant.
    const callerMedia = await waitFor(callerEvents, caller, 'media', 5000);
    const calleeMedia = await waitFor(calleeEvents, callee, 'media', 5000);
    await waitFor(callerEvents, caller, 'call-state', 5000, (e) => e.state === 'answered');
    for (let t = 20; t <= o.talkMs; t += 20) {
      clock.advance(20);
      // Packets each side has sent by now: one per ptime of microphone audio.
      const fromCaller = Math.floor(t / callerMedia.ptime);
      const fromCallee = Math.floor(t / calleeMedia.ptime);
      if (received.callee < fromCaller || received.caller < fromCallee)
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            arrived = undefined;
            reject(
              new Error(
                `at ${t} ms of media: callee received ${received.callee}/${fromCaller}, caller ${received.caller}/${fromCallee} RTP packets within 10 s`,
              ),
            );
          }, 10_000);
          arrived = () => {
            if (received.callee < fromCaller || received.caller < fromCallee) return;
            arrived = undefined;
            clearTimeout(timer);
            resolve();
          };
        });
    }
    const ended = waitFor(calleeEvents, callee, 'call-ended', 5000);
    await caller.bye();
    await ended;
    return {
      callerMedia,
      calleeMedia,
      callerEvents,
      calleeEvents,
      callerReceivedSizes: sizes.caller,
      calleeReceivedSizes: sizes.callee,
    };
  } finally {
    // quit closes the media sessions: the record: files get their final header
    await Promise.all([caller.quit(), callee.quit()]);
  }
}
