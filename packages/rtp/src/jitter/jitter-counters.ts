/** The event counters of a jitter buffer (see `JitterBufferStats` for their meaning). */
export class JitterCounters {
  received = 0;
  played = 0;
  concealed = 0;
  lost = 0;
  late = 0;
  duplicates = 0;
  discarded = 0;
  resets = 0;
}
