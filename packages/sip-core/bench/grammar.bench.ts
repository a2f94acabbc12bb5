/**
 * Micro-benchmark of the URI and header-value parsers on realistic values (the
 * header values of the INVITE in bench/messages.ts, plus a few variants).
 * Figures are per CPU second (user + system time of this process), best of
 * five rounds, so that other load on the machine skews them less than wall time.
 * Run: pnpm exec tsx bench/grammar.bench.ts
 */
import {
  parseCallId,
  parseContact,
  parseCSeq,
  parseFromTo,
  parseNameAddr,
  parseVia,
} from '../src/headers/index.js';
import { formatUri, parseUri, uriEquals } from '../src/uri/index.js';

type Case = readonly [name: string, run: () => unknown];

const uri = parseUri('sip:bob@biloxi.example.com;transport=tcp');
if (!uri.ok) throw new Error('bench setup');
const u = uri.value;

const cases: Case[] = [
  ['parseUri sip:bob@biloxi.example.com', () => parseUri('sip:bob@biloxi.example.com')],
  [
    'parseUri with port and params',
    () => parseUri('sip:alice@pc33.atlanta.example.com:5061;transport=tls;lr'),
  ],
  ['parseUri [IPv6]:port', () => parseUri('sip:caller@[2001:db8::9:1]:5060')],
  ['parseVia', () => parseVia('SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport')],
  [
    'parseVia received IPv4',
    () => parseVia('SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK451jj;received=192.0.2.200'),
  ],
  ['parseFromTo From', () => parseFromTo('Alice <sip:alice@atlanta.example.com>;tag=1928301774')],
  ['parseFromTo To', () => parseFromTo('Bob <sip:bob@biloxi.example.com>')],
  [
    'parseFromTo quoted name',
    () => parseFromTo('"Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774'),
  ],
  ['parseNameAddr addr-spec', () => parseNameAddr('sip:bob@biloxi.example.com;tag=a6c85cf')],
  [
    'parseContact',
    () => parseContact('<sip:alice@pc33.atlanta.example.com:5060;transport=udp>;expires=3600'),
  ],
  ['parseCSeq', () => parseCSeq('314159 INVITE')],
  ['parseCallId', () => parseCallId('a84b4c76e66710abc@pc33.atlanta.example.com')],
  ['formatUri', () => formatUri(u)],
  ['uriEquals', () => uriEquals(u, u)],
];

/** CPU time in ns (user + system): steadier than wall time on a shared machine. */
const cpuNs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};

/** Best of five rounds of about 200 ms CPU each, after a warm-up: ops per CPU second. */
const measure = (run: () => unknown): number => {
  for (let i = 0; i < 50_000; i++) run();
  let best = 0;
  for (let round = 0; round < 5; round++) {
    let n = 0;
    const start = cpuNs();
    let elapsed = 0;
    while (elapsed < 200e6) {
      for (let i = 0; i < 10_000; i++) run();
      n += 10_000;
      elapsed = cpuNs() - start;
    }
    best = Math.max(best, n / (elapsed / 1e9));
  }
  return best;
};

const rows = cases.map(([name, run]) => {
  const ops = measure(run);
  return { parser: name, 'ops/s': Math.round(ops).toLocaleString('en-US'), 'ns/op': (1e9 / ops).toFixed(0) };
});
console.table(rows);
const hot = ['parseVia', 'parseFromTo From', 'parseFromTo To', 'parseCSeq', 'parseCallId'];
const ns = rows.filter((r) => hot.includes(r.parser)).reduce((s, r) => s + Number(r['ns/op']), 0);
console.log(
  `Via + From + To + CSeq + Call-ID of the INVITE: ${ns} ns of CPU per message ` +
    '(at 360k messages/s a whole message may take 2778 ns)',
);
