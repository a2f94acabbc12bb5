/** The local conference (Twinkle's `conference`) as a PhoneEvent: plain data. */
export interface ConferenceEvent {
  readonly type: 'conference';
  /** `left`: a line's call ended and the others talk on; `ended`: the lines left are normal calls again. */
  readonly state: 'started' | 'left' | 'ended';
  /** The lines in the conference (for `ended`, those whose calls go on alone). */
  readonly lines: readonly number[];
  /** The line whose call left. */
  readonly line?: number;
  /** `started`: the rate the calls are mixed at, Hz. */
  readonly sampleRate?: number;
}
