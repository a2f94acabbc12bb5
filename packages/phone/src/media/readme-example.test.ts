import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VirtualClock } from '@twinkle/audio-alsa';
import { createDefaultRegistry } from '@twinkle/codecs';
import { SdpSession } from '@twinkle/sdp';
import { expect, it } from 'vitest';
import {
  type DtmfReceived,
  type MediaCodec,
  MediaSession,
  mediaCodecs,
  RINGBACK_CADENCE,
  RingPlayer,
} from '../index.js';

const hello = fileURLToPath(new URL('../../fixtures/media/speech_8k.wav', import.meta.url));

it('README: two media sessions talk over loopback (the section "Media sessions")', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinkle-readme-'));
  const heard = join(dir, 'heard.wav');
  try {
    // --- the README example, unchanged below this line ---
    const registry = createDefaultRegistry();
    const codecs = mediaCodecs([registry.get('PCMA', 8000)!, registry.get('PCMU', 8000)!]);
    const clock = new VirtualClock(); // leave it out in a real phone: the devices pace the media

    const alice = await MediaSession.open({
      address: '127.0.0.1',
      port: { min: 40000, max: 40999 },
      clock,
      microphone: `file:${hello}`,
    });
    const bob = await MediaSession.open({
      address: '127.0.0.1',
      port: { min: 40000, max: 40999 },
      clock,
      speaker: `record:${heard}`,
    });

    // The SDP goes through SIP in a real call; the negotiation hands our codec objects back.
    const aliceSdp = new SdpSession<MediaCodec>({
      address: '127.0.0.1',
      port: alice.localAddress.port,
      sessionId: '1',
      codecs,
    });
    const bobSdp = new SdpSession<MediaCodec>({
      address: '127.0.0.1',
      port: bob.localAddress.port,
      sessionId: '2',
      codecs,
    });
    const answer = bobSdp.receiveOffer(aliceSdp.createOffer());
    if (!answer.ok) throw new Error(answer.error.reason);
    const applied = aliceSdp.applyAnswer(answer.value.sdp);
    if (!applied.ok) throw new Error(applied.error.reason);

    const keys: DtmfReceived[] = [];
    bob.onDtmf((d) => keys.push(d)); // { digit: '1', durationMs: 100, method: 'rfc2833' }
    alice.onStarted((e) => e.codec); // 'PCMA', payload type 8, both addresses
    await alice.start(applied.value.audio!);
    await bob.start(answer.value.negotiation.audio!);
    alice.sendDtmf('12'); // RFC 4733 events, as telephone-event was negotiated

    for (let t = 0; t < 1000; t += 20) {
      clock.advance(20); // virtual time: 20 ms of media
      await new Promise((r) => setTimeout(r, 2)); // let the datagrams arrive
    }
    const hold = bobSdp.receiveOffer(aliceSdp.hold()); // a re-INVITE: sendonly
    if (!hold.ok) throw new Error(hold.error.reason);
    bob.update(hold.value.negotiation.audio!); // bob stops sending, keeps listening
    await alice.close();
    await bob.close(); // heard.wav holds what alice said

    // Ringback while an outgoing call rings (ringback_file, else 425 Hz 1 s on 4 s off).
    const ringback = await RingPlayer.start({ device: 'null', cadence: RINGBACK_CADENCE, clock });
    await ringback.stop();
    // --- end of the README example ---
    expect(keys.map((k) => `${k.digit}:${k.method}`)).toEqual(['1:rfc2833', '2:rfc2833']);
    expect(hold.value.negotiation.audio?.send).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
