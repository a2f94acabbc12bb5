// Child process of capacity.bench.ts: plays N G.711-sized RTP streams at 50 packets per
// second each towards the ports it is given, from one socket, and counts what comes back.
// Plain JavaScript so it starts without a TypeScript loader.
import { createSocket } from 'node:dgram';

const PAYLOAD = 160;
const PTIME_MS = 20;

process.on('message', (msg) => {
  if (msg.type !== 'start') return;
  const { ports, durationMs } = msg;
  // All N return streams land on this one socket: give it room for a burst of a whole tick.
  const socket = createSocket({ type: 'udp4', recvBufferSize: 16 * 1024 * 1024 });
  let received = 0;
  socket.on('message', (m) => {
    // Count RTP only: with rtcp-mux the sessions' RTCP reports arrive here too (RFC 5761).
    if (m.length > 1 && (m[1] < 192 || m[1] > 223)) received++;
  });
  socket.bind(0, '127.0.0.1', () => {
    const packets = ports.map((_, i) => {
      const b = Buffer.alloc(12 + PAYLOAD, 0xd5);
      b[0] = 0x80;
      b[1] = 0;
      b.writeUInt32BE((0x10000 + i) >>> 0, 8);
      return b;
    });
    let sent = 0;
    let tick = 0;
    let maxLagMs = 0;
    const start = performance.now();
    const step = () => {
      const due = start + tick * PTIME_MS;
      maxLagMs = Math.max(maxLagMs, performance.now() - due);
      for (let i = 0; i < ports.length; i++) {
        const b = packets[i];
        b.writeUInt16BE(tick & 0xffff, 2);
        b.writeUInt32BE((tick * PAYLOAD) >>> 0, 4);
        // A fresh copy: dgram may still hold the previous one.
        socket.send(Buffer.from(b), ports[i], '127.0.0.1');
        sent++;
      }
      tick++;
      if (tick * PTIME_MS >= durationMs) {
        setTimeout(() => {
          process.send({ type: 'done', sent, received, maxLagMs });
          socket.close();
        }, 200);
        return;
      }
      setTimeout(step, Math.max(0, start + tick * PTIME_MS - performance.now()));
    };
    process.send({ type: 'ready' });
    step();
  });
});
