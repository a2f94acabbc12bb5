// Parse and answer throughput: our parser (validation + sdp-transform + model),
// sdp-transform alone as the reference, and a full SdpSession answer.
import { parse as transformParse } from 'sdp-transform';
import { parseSdp, SdpSession, serializeSdp } from '../src/index.js';

const offer = [
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 49170 RTP/AVP 96 97 9 8 0 3 101',
  'a=rtpmap:96 speex/16000',
  'a=rtpmap:97 iLBC/8000',
  'a=fmtp:97 mode=30',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:3 GSM/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  'a=zrtp-hash:1.10 fe30efd02423cb054e50efd0248742ac7a52c8f91bc2df881ae642c371ba46df',
  'm=video 51372 RTP/AVP 31 32',
  'a=rtpmap:31 H261/90000',
  'a=rtpmap:32 MPV/90000',
  '',
].join('\r\n');

const parsed = parseSdp(offer);
if (!parsed.ok) throw new Error(parsed.error.reason);
const description = parsed.value;

function rate(name: string, fn: () => unknown): { name: string; perSecond: number } {
  for (let i = 0; i < 2000; i++) fn(); // warm-up
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 1000) {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
    elapsed = performance.now() - start;
  }
  return { name, perSecond: Math.round((n * 1000) / elapsed) };
}

const rows = [
  rate('sdp-transform parse (reference)', () => transformParse(offer)),
  rate('parseSdp (validate + model)', () => parseSdp(offer)),
  rate('serializeSdp', () => serializeSdp(description)),
  rate('SdpSession parse + answer + write', () => {
    const s = new SdpSession({
      address: '192.0.2.20',
      port: 40000,
      sessionId: '1',
      codecs: [
        { encoding: 'G722', clockRate: 8000 },
        { encoding: 'PCMA', clockRate: 8000 },
        { encoding: 'PCMU', clockRate: 8000 },
      ],
    });
    const r = s.receiveOffer(offer);
    if (!r.ok) throw new Error(r.error.reason);
  }),
];
console.log(`${'operation'.padEnd(36)} ${'per second'.padStart(12)}`);
for (const r of rows) console.log(`${r.name.padEnd(36)} ${String(r.perSecond).padStart(12)}`);
