export { AlsaCapture, type AlsaCaptureOptions, type AlsaCaptureResult } from './alsa/alsa-capture.js';
export type { AlsaBufferOptions } from './alsa/alsa-pcm.js';
export { AlsaPlayback, type AlsaPlaybackOptions, type AlsaPlaybackResult } from './alsa/alsa-playback.js';
export type { AlsaStreamStats } from './alsa/alsa-stream.js';
export { type LibAsound, type LoadResult, loadLibAsound } from './alsa/libasound.js';
export type { AlsaDeviceInfo } from './alsa/list-devices.js';
export { ChildCapture, type ChildCaptureOptions } from './alsa-utils/child-capture.js';
export { ChildPlayback, type ChildPlaybackOptions } from './alsa-utils/child-playback.js';
export { DeviceClock } from './clock/device-clock.js';
export { DriftingClock } from './clock/drifting-clock.js';
export type { MediaClock } from './clock/media-clock.js';
export { RealTimeClock, type RealTimeClockOptions } from './clock/real-time-clock.js';
export { VirtualClock } from './clock/virtual-clock.js';
export type { AudioDeviceEvent, AudioSink, AudioSource, FrameHandler } from './device.js';
export { type DeviceSpec, type DeviceSpecResult, parseDeviceSpec } from './device-spec.js';
export { ClockedSource } from './devices/clocked-source.js';
export { FileSource, type FileSourceOptions } from './devices/file-source.js';
export { NullSink, NullSource } from './devices/null-devices.js';
export { RecordSink } from './devices/record-sink.js';
export { convertPcm } from './devices/resample-linear.js';
export { type ToneOptions, ToneSource } from './devices/tone-source.js';
export { DriftCompensator, type DriftCompensatorOptions } from './drift/drift-compensator.js';
export { type AgcOptions, AutomaticGainControl } from './dsp/automatic-gain-control.js';
export { EchoCanceller, type EchoCancellerOptions } from './dsp/echo-canceller.js';
export { EchoReference } from './dsp/echo-reference.js';
export { RealFft } from './dsp/fft.js';
export { MicProcessor, type MicProcessorOptions } from './dsp/mic-processor.js';
export { NoiseSuppressor, type NoiseSuppressorOptions } from './dsp/noise-suppressor.js';
export { type VadOptions, VoiceActivityDetector } from './dsp/voice-activity-detector.js';
export { type AudioFormat, formatProblem, frameLength, frameSamples, TELEPHONY_FORMAT } from './format.js';
export { type AudioDeviceInfo, type DeviceList, formatDeviceList, listDevices } from './list-devices.js';
export { Listeners, type Unsubscribe } from './listeners.js';
export {
  type AudioBackend,
  AudioDeviceError,
  type OpenDeviceOptions,
  type Opened,
  openSink,
  openSource,
} from './open-device.js';
export { type SoundServerProbe, soundServerHints } from './sound-server-hints.js';
export { encodeWav, wavHeader } from './wav/wav-header.js';
export { parseWav, type WavData, type WavError, type WavResult } from './wav/wav-reader.js';
export { WavWriter, type WavWriterOptions } from './wav/wav-writer.js';
