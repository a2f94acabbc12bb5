import type { LibAsound, PcmHandle } from '../alsa/libasound.js';
import { EAGAIN, SND_PCM_STATE_PREPARED, SND_PCM_STATE_RUNNING } from '../alsa/libasound.js';

/**
 * A scripted stand-in for libasound, to drive the stream logic through xruns and
 * unplugging, which the file plugin cannot produce. Test-only (not exported).
 */
export class FakeLibAsound implements LibAsound {
  readonly version = 'fake';
  readonly formatS16 = 2;
  /** Return values for the next availUpdate calls; when empty, `defaultAvail`. */
  readonly availScript: number[] = [];
  /** Return values for the next readi/writei calls (a negative errno), else success. */
  readonly ioScript: number[] = [];
  defaultAvail = 0;
  recoverResult = 0;
  state_ = SND_PCM_STATE_PREPARED;
  recovered: number[] = [];
  written: number[] = [];
  nextSample = 0;
  closed = false;
  readonly #h = { __brand: 'snd_pcm_t' } as PcmHandle;

  /** What the next opens return (a negative errno makes them fail). */
  openErr = 0;
  /** Names opened, in order. */
  readonly opened: string[] = [];
  /** Rate the device insists on, when the name starts with `hw:` (0: any rate). */
  hwOnlyRate = 0;
  #name = '';
  open(name: string) {
    this.opened.push(name);
    this.#name = name;
    return this.openErr < 0 ? { err: this.openErr, pcm: null } : { err: 0, pcm: this.#h };
  }
  close() {
    this.closed = true;
    return 0;
  }
  hwParamsMalloc() {
    return { __brand: 'snd_pcm_params' } as never;
  }
  hwParamsFree() {}
  hwParamsAny() {
    return 0;
  }
  hwParamsSetAccess() {
    return 0;
  }
  hwParamsSetFormat() {
    return 0;
  }
  hwParamsSetChannels() {
    return 0;
  }
  hwParamsSetRateResample() {
    return 0;
  }
  hwParamsSetRateNear(_p: PcmHandle, _h: never, rate: number[]) {
    if (this.hwOnlyRate && this.#name.startsWith('hw:')) rate[0] = this.hwOnlyRate;
    return 0;
  }
  hwParamsSetPeriodSizeNear() {
    return 0;
  }
  hwParamsSetBufferSizeNear(_p: PcmHandle, _h: never, v: number[]) {
    v[0] = v[0]!;
    return 0;
  }
  hwParams() {
    return 0;
  }
  swParamsMalloc() {
    return { __brand: 'snd_pcm_params' } as never;
  }
  swParamsFree() {}
  swParamsCurrent() {
    return 0;
  }
  swParamsSetStartThreshold() {
    return 0;
  }
  swParamsSetAvailMin() {
    return 0;
  }
  swParams() {
    return 0;
  }
  prepare() {
    return 0;
  }
  start() {
    this.state_ = SND_PCM_STATE_RUNNING;
    return 0;
  }
  drop() {
    return 0;
  }
  state() {
    return this.state_;
  }
  availUpdate() {
    return this.availScript.length ? this.availScript.shift()! : this.defaultAvail;
  }
  delay(_p: PcmHandle, out: number[]) {
    out[0] = 0;
    return 0;
  }
  readi(_p: PcmHandle, buf: Int16Array, frames: number) {
    const r = this.ioScript.shift();
    if (r !== undefined && r < 0) return r;
    for (let i = 0; i < frames; i++) buf[i] = this.nextSample++ % 32768;
    return frames;
  }
  writei(_p: PcmHandle, buf: Int16Array, frames: number) {
    const r = this.ioScript.shift();
    if (r !== undefined && r < 0) return r;
    this.written.push(...buf.subarray(0, frames));
    return frames;
  }
  recover(_p: PcmHandle, err: number) {
    this.recovered.push(err);
    return this.recoverResult;
  }
  strerror(err: number) {
    return err === EAGAIN ? 'Resource temporarily unavailable' : `error ${err}`;
  }
  reloadConfig() {
    return 0;
  }
  nameHints() {
    return { err: 0, hints: [] };
  }
}
