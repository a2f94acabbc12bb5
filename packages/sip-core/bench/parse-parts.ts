/**
 * Where the time of one benchmark operation goes: our parser alone on each
 * message of the parse bench, then with each of the five typed reads alone,
 * then with all of them (CPU time per operation, median of seven runs).
 * Run with `pnpm exec tsx bench/parse-parts.ts`; not part of `pnpm bench`.
 */
import { parseMessage } from '../src/index.js';
import type { SipMessage } from '../src/message/sip-message.js';
import { INVITE, OK200, REGISTER } from './messages.js';

const N = 300_000;

function time(label: string, f: (b: Buffer) => number, b: Buffer): void {
  let sink = 0;
  for (let i = 0; i < 50_000; i++) sink += f(b);
  const runs: number[] = [];
  for (let r = 0; r < 7; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) sink += f(b);
    const c = process.cpuUsage(c0);
    runs.push(((c.user + c.system) * 1000) / N);
  }
  runs.sort((x, y) => x - y);
  console.log(`${label.padEnd(22)} ${runs[3]!.toFixed(0).padStart(5)} ns${sink === -1 ? ' ' : ''}`);
}

const parse = (b: Buffer): SipMessage => {
  const r = parseMessage(b);
  if (!r.ok) throw new Error(r.error.reason);
  return r.message;
};

for (const [name, text] of Object.entries({ INVITE, OK200, REGISTER })) {
  const b = Buffer.from(text);
  time(`${name} parse`, (x) => parse(x).startLine.length, b);
  time(`${name} + topVia`, (x) => parse(x).topVia!.branch!.length, b);
  time(`${name} + from`, (x) => parse(x).from!.tag!.length, b);
  time(`${name} + to`, (x) => parse(x).to!.uri.scheme.length, b);
  time(`${name} + callId`, (x) => parse(x).callId!.length, b);
  time(`${name} + cseq`, (x) => parse(x).cseq!.seq, b);
  time(
    `${name} all five`,
    (x) => {
      const m = parse(x);
      return (
        m.topVia!.branch!.length +
        m.from!.tag!.length +
        m.to!.uri.scheme.length +
        m.callId!.length +
        m.cseq!.seq
      );
    },
    b,
  );
}
