// RTP encode/decode and RTCP build/parse throughput, one core.
import { decodeRtp, encodeRtcp, encodeRtp, parseRtcp, type RtcpPacket } from '../src/index.js';
import { type Figure, measure, printTable } from './harness.js';

const payload = new Uint8Array(160).fill(0xd5); // one 20 ms G.711 frame
const init = { payloadType: 0, sequenceNumber: 1, timestamp: 160, ssrc: 0x12345678, payload };
const out = new Uint8Array(1500);
const wire = encodeRtp(init);
const BATCH = 1000;
let sink = 0;

const figures: Figure[] = [
  measure(
    'RTP encode into caller buffer',
    () => {
      for (let i = 0; i < BATCH; i++) sink += encodeRtp(init, out).length;
    },
    BATCH,
  ),
  measure(
    'RTP encode, new buffer each',
    () => {
      for (let i = 0; i < BATCH; i++) sink += encodeRtp(init).length;
    },
    BATCH,
  ),
  measure(
    'RTP decode (view, no copy)',
    () => {
      for (let i = 0; i < BATCH; i++) {
        const r = decodeRtp(wire);
        if (r.ok) sink += r.value.payload.length;
      }
    },
    BATCH,
  ),
];

const report: RtcpPacket[] = [
  {
    type: 'sr',
    ssrc: 1,
    sender: { ntpSeconds: 3_900_000_000, ntpFraction: 1, rtpTimestamp: 2, packetCount: 3, octetCount: 4 },
    reports: [
      {
        ssrc: 2,
        fractionLost: 3,
        cumulativeLost: 4,
        highestSequence: 5,
        jitter: 6,
        lastSenderReport: 7,
        delaySinceLastSenderReport: 8,
      },
    ],
  },
  { type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 1, text: 'twinkle@example.org' }] }] },
];
const rtcpWire = encodeRtcp(report);
const RB = 200;
figures.push(
  measure(
    'RTCP build SR(1 block)+SDES',
    () => {
      for (let i = 0; i < RB; i++) sink += encodeRtcp(report, out).length;
    },
    RB,
  ),
  measure(
    'RTCP parse SR(1 block)+SDES',
    () => {
      for (let i = 0; i < RB; i++) {
        const r = parseRtcp(rtcpWire);
        if (r.ok) sink += r.value.length;
      }
    },
    RB,
  ),
);
printTable('RTP/RTCP packets per second (160-octet payload)', figures);
if (sink === 42) console.log('');
