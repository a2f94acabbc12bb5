import type { MixerLegPort } from '../engine/media-port.js';
import { ConferenceMixer, type MixerLeg } from './conference-mixer.js';

/** Frames of the devices and of the mix, ms. */
const FRAME_MS = 20;
/** The speaker queue holds at most this many frames: the local clock paces both ends. */
const SPEAKER_QUEUE_FRAMES = 3;

interface Member {
  readonly port: MixerLegPort;
  readonly leg: MixerLeg;
  /** One received frame at the call's speaker rate. */
  readonly received: Int16Array;
}

/**
 * Runs a {@link ConferenceMixer} over the media of calls. One call's own
 * devices (the first to join; the next when it leaves) become the
 * conference's microphone and speaker: each microphone frame is one mixing
 * step, which pulls a frame of decoded audio from every call and hands each
 * call its mix to encode; the speaker plays the mix of all far ends. The
 * other calls' devices stay open but idle (their microphone frames are
 * dropped, their speakers play silence), so a call leaving the conference
 * gets its own devices back as they were.
 */
export class ConferenceBridge {
  readonly #mixer: ConferenceMixer;
  readonly #members: Member[] = [];
  #master: Member | undefined;
  /** Mixes for the speaker not yet played: a ring of whole frames (the clock paces both ends). */
  #queue = new Int16Array(0);
  #frame = 0;
  #queued = 0;
  #readAt = 0;
  readonly #muted: () => boolean;
  #closed = false;

  /** `sampleRate`: the mixing rate (default 16000); `muted`: whether the local microphone stays out of the mix. */
  constructor(options: { readonly sampleRate?: number; readonly muted?: () => boolean } = {}) {
    this.#muted = options.muted ?? (() => false);
    this.#mixer = new ConferenceMixer({
      ...(options.sampleRate === undefined ? {} : { sampleRate: options.sampleRate }),
      frameMs: FRAME_MS,
    });
  }

  /** The mixing rate, Hz. */
  get sampleRate(): number {
    return this.#mixer.sampleRate;
  }

  /** How many calls take part. */
  get size(): number {
    return this.#members.length;
  }

  /** Adds a call; its media must have started (it knows its device rates). */
  add(port: MixerLegPort): void {
    if (this.#closed) throw new Error('the conference bridge is closed');
    const send = port.sendRate;
    const receive = port.receiveRate;
    if (send === undefined || receive === undefined) throw new Error('the call has no media yet');
    const leg = this.#mixer.addLeg({ receiveRate: receive, sendRate: send });
    const member: Member = { port, leg, received: new Int16Array((receive * FRAME_MS) / 1000) };
    this.#members.push(member);
    if (this.#master) port.routeDevices({});
    else this.#elect(member);
  }

  /** Removes a call; it gets its own devices back. */
  remove(port: MixerLegPort): void {
    const i = this.#members.findIndex((m) => m.port === port);
    if (i < 0) return;
    const [member] = this.#members.splice(i, 1);
    this.#mixer.removeLeg(member!.leg);
    port.routeDevices(undefined);
    if (this.#master === member) {
      this.#master = undefined;
      this.#queued = 0;
      const next = this.#members[0];
      if (next) this.#elect(next);
    }
  }

  /** Every call gets its own devices back. */
  close(): void {
    this.#closed = true;
    for (const m of [...this.#members]) this.remove(m.port);
  }

  #elect(member: Member): void {
    this.#master = member;
    const { port } = member;
    this.#mixer.setLocalRates(port.sendRate!, port.receiveRate!);
    this.#frame = (port.receiveRate! * FRAME_MS) / 1000;
    this.#queue = new Int16Array(SPEAKER_QUEUE_FRAMES * this.#frame);
    this.#queued = 0;
    port.routeDevices({
      microphone: (frame) => this.#step(frame),
      speaker: (frame) => this.#play(frame),
    });
  }

  /** The speaker's frame: the oldest queued mix, or silence. */
  #play(frame: Int16Array): void {
    if (this.#queued === 0 || frame.length !== this.#frame) {
      frame.fill(0);
      return;
    }
    const q = this.#queue;
    const from = this.#readAt * this.#frame;
    for (let k = 0; k < frame.length; k++) frame[k] = q[from + k]!;
    this.#readAt = (this.#readAt + 1) % SPEAKER_QUEUE_FRAMES;
    this.#queued--;
  }

  /** One mixing step, on the local microphone's frame. */
  #step(microphone: Int16Array): void {
    const members = this.#members;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      m.port.pullReceived(m.received);
      m.leg.received(m.received);
    }
    const speaker = this.#mixer.mix(this.#muted() ? undefined : microphone);
    // A speaker that stopped pulling must not make the queue grow: the oldest mix goes.
    if (this.#queued === SPEAKER_QUEUE_FRAMES) {
      this.#readAt = (this.#readAt + 1) % SPEAKER_QUEUE_FRAMES;
      this.#queued--;
    }
    const writeAt = (this.#readAt + this.#queued) % SPEAKER_QUEUE_FRAMES;
    this.#queue.set(speaker, writeAt * this.#frame);
    this.#queued++;
    for (let i = 0; i < members.length; i++) members[i]!.port.pushSend(members[i]!.leg.toSend());
  }
}
