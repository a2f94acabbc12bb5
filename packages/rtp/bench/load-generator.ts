// Child process of capacity.bench.ts: plays N G.711-sized RTP streams (SRTP-protected when
// asked) at 50 packets per second each towards the ports it is given, from one socket, and
// counts the RTP that comes back. It runs on another core than the process being measured.
import { createSocket } from 'node:dgram';
import { encodeRtp, SrtpContext, type SrtpKeyMaterial } from '../src/index.js';

const PAYLOAD = new Uint8Array(160).fill(0xd5);
const PTIME_MS = 20;

interface Start {
  readonly type: 'start';
  readonly ports: number[];
  readonly durationMs: number;
  /** Fill octet of the SRTP master key and salt (IPC cannot carry typed arrays). */
  readonly srtpKeyByte?: number;
}

const srtpKey = (n: number): SrtpKeyMaterial => ({
  profile: 'AES_CM_128_HMAC_SHA1_80',
  masterKey: new Uint8Array(16).fill(n),
  masterSalt: new Uint8Array(14).fill(n),
});

process.on('message', (msg: Start) => {
  if (msg.type !== 'start') return;
  const { ports, durationMs } = msg;
  const srtp = msg.srtpKeyByte === undefined ? undefined : new SrtpContext(srtpKey(msg.srtpKeyByte));
  // All N return streams land on this one socket: room for a burst of a whole tick.
  const socket = createSocket({ type: 'udp4', recvBufferSize: 16 * 1024 * 1024 });
  let received = 0;
  socket.on('message', (m) => {
    // Count RTP only: with rtcp-mux the sessions' RTCP reports arrive here too (RFC 5761).
    if (m.length > 1 && (m[1]! < 192 || m[1]! > 223)) received++;
  });
  socket.bind(0, '127.0.0.1', () => {
    let sent = 0;
    let tick = 0;
    let maxLagMs = 0;
    const start = performance.now();
    const step = () => {
      maxLagMs = Math.max(maxLagMs, performance.now() - (start + tick * PTIME_MS));
      for (let i = 0; i < ports.length; i++) {
        const rtp = encodeRtp({
          payloadType: 0,
          sequenceNumber: tick & 0xffff,
          timestamp: (tick * 160) >>> 0,
          ssrc: 0x10000 + i,
          payload: PAYLOAD,
        });
        socket.send(srtp ? srtp.protectRtp(rtp) : rtp, ports[i]!, '127.0.0.1');
        sent++;
      }
      tick++;
      if (tick * PTIME_MS >= durationMs) {
        setTimeout(() => {
          process.send?.({ type: 'done', sent, received, maxLagMs });
          socket.close();
        }, 200);
        return;
      }
      setTimeout(step, Math.max(0, start + tick * PTIME_MS - performance.now()));
    };
    process.send?.({ type: 'ready' });
    step();
  });
});

// Never outlive the benchmark that started us.
process.on('disconnect', () => process.exit(0));
