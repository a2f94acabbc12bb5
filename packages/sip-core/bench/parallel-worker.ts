/** Worker of parallel.ts: warms up, then parses for `ms` milliseconds and posts its rate. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseMessage } from '../src/index.js';

const { text, ms } = workerData as { text: string; ms: number };
const bytes = new TextEncoder().encode(text);

function once(): number {
  const r = parseMessage(bytes);
  if (!r.ok) throw new Error(r.error.reason);
  const m = r.message;
  return (
    (m.topVia!.branch?.length ?? 0) +
    (m.from!.tag?.length ?? 0) +
    m.to!.uri.scheme.length +
    m.callId!.length +
    m.cseq!.seq
  );
}

let sink = 0;
for (let i = 0; i < 20_000; i++) sink += once();
let n = 0;
const start = performance.now();
let now = start;
while (now - start < ms) {
  for (let i = 0; i < 200; i++) sink += once();
  n += 200;
  now = performance.now();
}
parentPort!.postMessage(sink === -1 ? 0 : (n * 1000) / (now - start));
