/**
 * The call-waiting beep in the speaker of the call in progress, as the user expects it: the
 * cadence (425 Hz, two short bursts) is added to what the far end says, on that call's own
 * speaker. No second device is opened, so it also sounds on a sound card the call holds
 * exclusively (a `hw:` device), where a separate player would fall back to silence.
 */
import { inConference } from '../conference/conference.js';
import type { Playing } from '../engine/media-port.js';
import type { PhoneContext } from '../engine/phone-context.js';
import { CALL_WAITING_CADENCE, CadenceTone } from '../media/cadence-tone.js';

/**
 * Starts the beep for a call waiting on `waitingLine` in the call the user talks in; undefined
 * when there is none whose media can carry it (held, in a conference, or a media port
 * without the mixer seam): then the phone's tone player beeps instead.
 */
export function inCallBeep(ctx: PhoneContext, waitingLine: number): Playing | undefined {
  const call = ctx.lines.talking().find((c) => c.line !== waitingLine && !inConference(c));
  const leg = call?.media.port?.mixerLeg?.();
  const rate = leg?.receiveRate;
  if (!leg || rate === undefined) return undefined;
  const tone = new CadenceTone(CALL_WAITING_CADENCE, rate);
  let beep = new Int16Array(0);
  leg.routeDevices({
    microphone: (frame) => leg.pushSend(frame),
    speaker: (frame) => {
      leg.pullReceived(frame);
      if (beep.length !== frame.length) beep = new Int16Array(frame.length);
      tone.read(beep);
      for (let k = 0; k < frame.length; k++)
        frame[k] = Math.max(-32768, Math.min(32767, frame[k]! + beep[k]!));
    },
  });
  let stopped = false;
  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      // A conference that took the devices meanwhile keeps them.
      if (!inConference(call!)) leg.routeDevices(undefined);
    },
  };
}
