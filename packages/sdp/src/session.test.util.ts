import type { CodecCapability } from './codec.js';
import { parseSdp } from './parse.js';
import { SdpSession, type SdpSessionOptions } from './session.js';

export const PCMU = { encoding: 'PCMU', clockRate: 8000 };
export const PCMA = { encoding: 'PCMA', clockRate: 8000 };
export const GSM = { encoding: 'GSM', clockRate: 8000 };
export const SPEEX = { encoding: 'speex', clockRate: 8000 };

export const make = <C extends CodecCapability>(
  o: Partial<SdpSessionOptions<C>> & { codecs: readonly C[] },
) => new SdpSession<C>({ address: '192.0.2.10', port: 40000, sessionId: '1001', ...o });

export const parsed = (text: string) => {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(r.error.reason);
  return r.value;
};

/** Runs one offer/answer exchange from `a` to `b`; returns both sides' negotiations. */
export function exchange<C extends CodecCapability>(
  a: SdpSession<C>,
  b: SdpSession<C>,
  offer = a.createOffer(),
) {
  const answered = b.receiveOffer(offer);
  if (!answered.ok) throw new Error(answered.error.reason);
  const applied = a.applyAnswer(answered.value.sdp);
  if (!applied.ok) throw new Error(applied.error.reason);
  return { offer, answer: answered.value.sdp, offerer: applied.value, answerer: answered.value.negotiation };
}
