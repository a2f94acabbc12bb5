/**
 * The parsers the benchmark compares, each wrapped as one function: parse a
 * message and read Via (top branch), From (tag), To (URI), Call-ID and CSeq
 * (number), returning something derived from them so that no work can be
 * skipped. Each library is used through its own parse entry point.
 *
 * Input is what a socket delivers: a Node Buffer. Each parser turns it into
 * what its entry point takes the way its own transport does: `sip` parses the
 * Buffer itself (its UDP transport hands it over as it came, and it decodes
 * it as latin1); drachtio-srf, JsSIP and SIP.js take text, which their
 * transports decode from the bytes first (`toString()`, UTF-8). Our parser
 * takes the Buffer; the `(string)` row gives it already decoded text, for
 * comparison.
 */
import { createRequire } from 'node:module';
import { LoggerFactory } from 'sip.js/lib/core/log/logger-factory.js';
import { Parser as SipJsParser } from 'sip.js/lib/core/messages/parser.js';
import { parseMessage } from '../src/index.js';

const require = createRequire(import.meta.url);

interface SipNpmMessage {
  headers: {
    via: { params: { branch?: string } }[];
    from: { params: { tag?: string } };
    to: { uri: string };
    'call-id': string;
    cseq: { seq: number };
  };
}
const sipNpm = require('sip') as { parse(s: string | Buffer): SipNpmMessage | undefined };

interface DrachtioMessage {
  getParsedHeader(name: 'via'): { params: { branch?: string } }[];
  getParsedHeader(name: 'from'): { params: { tag?: string } };
  getParsedHeader(name: 'to'): { uri: string };
  getParsedHeader(name: 'cseq'): { seq: number };
  get(name: string): string;
}
const DrachtioSipMessage = require('drachtio-srf/lib/sip-parser/message') as new (
  s: string,
) => DrachtioMessage;

interface JsSipMessage {
  via_branch: string;
  from_tag: string;
  to: { uri: { toString(): string } };
  call_id: string;
  cseq: number;
}
const jssipParser = require('jssip/lib/Parser') as {
  parseMessage(s: string, ua: unknown): JsSipMessage | undefined;
};

const sipJsLogger = (() => {
  const f = new LoggerFactory();
  f.builtinEnabled = false;
  return f.getLogger('sip.parser');
})();

/** One parser under test: takes the message as it arrives (a Buffer) or, for one of our rows, as text. */
export interface BenchParser {
  readonly name: string;
  readonly input: 'bytes' | 'string';
  readonly run: (data: Buffer & string) => number;
}

const len = (s: string | undefined): number => (s === undefined ? 0 : s.length);

export const PARSERS: readonly BenchParser[] = [
  {
    name: '@twinkle/sip-core (bytes)',
    input: 'bytes',
    run: (data) => {
      const r = parseMessage(data as Uint8Array);
      if (!r.ok) throw new Error(r.error.reason);
      const m = r.message;
      return (
        len(m.topVia!.branch) + len(m.from!.tag) + m.to!.uri.scheme.length + m.callId!.length + m.cseq!.seq
      );
    },
  },
  {
    name: '@twinkle/sip-core (string)',
    input: 'string',
    run: (data) => {
      const r = parseMessage(data as string);
      if (!r.ok) throw new Error(r.error.reason);
      const m = r.message;
      return (
        len(m.topVia!.branch) + len(m.from!.tag) + m.to!.uri.scheme.length + m.callId!.length + m.cseq!.seq
      );
    },
  },
  {
    name: 'sip 0.0.6',
    input: 'bytes',
    run: (data) => {
      const m = sipNpm.parse(data as Buffer);
      if (m === undefined) throw new Error('sip: no parse');
      const h = m.headers;
      return (
        len(h.via[0]!.params.branch) +
        len(h.from.params.tag) +
        h.to.uri.length +
        h['call-id'].length +
        h.cseq.seq
      );
    },
  },
  {
    name: 'drachtio-srf 5.0.29',
    input: 'bytes',
    run: (data) => {
      const m = new DrachtioSipMessage((data as Buffer).toString());
      return (
        len(m.getParsedHeader('via')[0]!.params.branch) +
        len(m.getParsedHeader('from').params.tag) +
        m.getParsedHeader('to').uri.length +
        m.get('call-id').length +
        m.getParsedHeader('cseq').seq
      );
    },
  },
  {
    name: 'JsSIP 3.13.8',
    input: 'bytes',
    run: (data) => {
      const m = jssipParser.parseMessage((data as Buffer).toString(), null);
      if (m === undefined) throw new Error('jssip: no parse');
      return len(m.via_branch) + len(m.from_tag) + m.to.uri.toString().length + m.call_id.length + m.cseq;
    },
  },
  {
    name: 'SIP.js 0.21.2',
    input: 'bytes',
    run: (data) => {
      const m = SipJsParser.parseMessage((data as Buffer).toString(), sipJsLogger);
      if (m === undefined) throw new Error('sip.js: no parse');
      return len(m.viaBranch) + len(m.fromTag) + m.to.uri.toString().length + m.callId.length + m.cseq;
    },
  },
];
