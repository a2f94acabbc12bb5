/**
 * Property-based tests (fast-check): generated messages round-trip exactly;
 * random bytes and mutated torture messages never make the parser, the typed
 * accessors, validation or the stream framer throw.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRequest,
  parseMessage,
  type SipMessage,
  SipStreamParser,
  type TypedHeaderKey,
  validateMessage,
} from '../src/index.js';

/** Runs of a property; FC_SCALE=10 (say) makes a longer search. */
const runs = (n: number): number => n * Number(process.env.FC_SCALE ?? 1);

const TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 });
/** A header value: printable text (UTF-8 allowed), no line breaks, no edge white space. */
const value = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom(...' \t"<>,;:=@/\\'),
      fc.constantFrom(...TOKEN_CHARS),
      fc.constantFrom('é', '€', '☎'),
    ),
    maxLength: 30,
  })
  .map((s) => s.trim());
const lineEnd = fc.constantFrom('\r\n', '\n');

interface GenField {
  readonly name: string;
  readonly value: string;
  /** Where the value is folded onto a continuation line, if anywhere. */
  readonly fold: number | undefined;
}

const field: fc.Arbitrary<GenField> = fc
  .record({ name: token, value, fold: fc.option(fc.nat({ max: 30 }), { nil: undefined }) })
  .filter((f) => f.name.toLowerCase() !== 'content-length' && f.name.toLowerCase() !== 'l');

const startLine = fc.oneof(
  fc.tuple(token, token).map(([m, u]) => `${m} sip:${u}@example.com SIP/2.0`),
  fc
    .tuple(fc.integer({ min: 100, max: 699 }), value)
    .map(([s, r]) => `SIP/2.0 ${s} ${r}`.replace(/\s+$/, r === '' ? ' ' : '')),
);

const TYPED: readonly TypedHeaderKey[] = ['via', 'from', 'to', 'call-id', 'cseq', 'contact', 'max-forwards'];

/** Uses every accessor of a message; none may throw. */
function touch(m: SipMessage): void {
  for (const k of TYPED) m.parsed(k);
  void [m.via, m.from, m.to, m.callId, m.cseq, m.contact, m.maxForwards, m.contentLength, m.bodyText];
  void m.fields;
  m.parts();
  m.toString();
  m.toBytes();
  validateMessage(m);
  if (m.kind === 'request') void m.uri;
}

describe('round trip of generated messages', () => {
  it('serializes a parsed message back to the exact bytes, and reads each header back', () => {
    fc.assert(
      fc.property(
        startLine,
        fc.array(field, { maxLength: 12 }),
        fc.uint8Array({ maxLength: 64 }),
        lineEnd,
        (line, fields, body, nl) => {
          let text = line + nl;
          for (const f of fields) {
            const cut = f.fold === undefined ? -1 : Math.min(f.fold, f.value.length);
            const v =
              cut > 0 &&
              cut < f.value.length &&
              f.value[cut] !== ' ' &&
              f.value[cut - 1] !== ' ' &&
              f.value[cut] !== '\t' &&
              f.value[cut - 1] !== '\t'
                ? `${f.value.slice(0, cut)}${nl} ${f.value.slice(cut)}`
                : f.value;
            text += `${f.name}: ${v}${nl}`;
          }
          text += `Content-Length: ${body.length}${nl}${nl}`;
          const head = new TextEncoder().encode(text);
          const bytes = new Uint8Array(head.length + body.length);
          bytes.set(head);
          bytes.set(body, head.length);
          const r = parseMessage(bytes);
          if (!r.ok) throw new Error(`${JSON.stringify(text)}: ${JSON.stringify(r.error)}`);
          expect(Buffer.from(r.message.toBytes()).equals(Buffer.from(bytes))).toBe(true);
          expect(Buffer.from(r.message.body).equals(Buffer.from(body))).toBe(true);
          const got = r.message.fields;
          expect(got.map((f) => f.name)).toEqual([...fields.map((f) => f.name), 'Content-Length']);
          fields.forEach((f, i) => {
            const unfolded = got[i]!.value;
            expect(unfolded.replace(/ /g, '')).toBe(f.value.replace(/ /g, ''));
          });
          touch(r.message);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it('built requests parse back to the same text', () => {
    fc.assert(
      fc.property(
        token,
        fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.!~*'), minLength: 1, maxLength: 10 }), // URI user chars
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.tuple(token, value), { maxLength: 6 }),
        fc.string({ maxLength: 40 }),
        (method, user, seq, extra, body) => {
          const m = createRequest({
            method,
            uri: `sip:${user}@example.com`,
            from: `<sip:${user}@example.com>;tag=1`,
            to: `<sip:${user}@example.com>`,
            callId: `${user}@host`,
            cseq: seq,
            via: 'SIP/2.0/UDP host.example.com;branch=z9hG4bKx',
            headers: extra.map(([name, v]) => ({ name: `X-${name}`, value: v })),
            ...(body === '' ? {} : { body, contentType: 'text/plain' }),
          });
          const r = parseMessage(m.toBytes());
          if (!r.ok) throw new Error(JSON.stringify(r.error));
          expect(r.message.toString()).toBe(m.toString());
          expect(r.message.cseq).toEqual({ seq, method });
          expect(r.message.bodyText).toBe(body);
          expect(validateMessage(r.message)).toEqual({ ok: true });
        },
      ),
      { numRuns: runs(200) },
    );
  });
});

describe('stream framing of generated messages', () => {
  it('any chunking of a stream of messages and keep-alives gives back the same messages', () => {
    const oneMessage = fc
      .tuple(token, fc.array(fc.tuple(token, value), { maxLength: 5 }), fc.uint8Array({ maxLength: 80 }))
      .map(([method, extra, body]) => {
        let head = `${method} sip:x@example.com SIP/2.0\r\nCall-ID: c\r\n`;
        for (const [n, v] of extra) head += `X-${n}: ${v}\r\n`;
        head += `Content-Length: ${body.length}\r\n\r\n`;
        const h = new TextEncoder().encode(head);
        const out = new Uint8Array(h.length + body.length);
        out.set(h);
        out.set(body, h.length);
        return out;
      });
    const item = fc.oneof(
      { weight: 4, arbitrary: oneMessage },
      { weight: 1, arbitrary: fc.constant(new TextEncoder().encode('\r\n\r\n')) },
    );
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 6 }),
        fc.array(fc.nat({ max: 60 }), { maxLength: 20 }),
        (items, cuts) => {
          const total = items.reduce((a, b) => a + b.length, 0);
          const stream = new Uint8Array(total);
          let o = 0;
          for (const it of items) {
            stream.set(it, o);
            o += it.length;
          }
          const p = new SipStreamParser();
          const got: Uint8Array[] = [];
          let pings = 0;
          let pos = 0;
          const take = (chunk: Uint8Array) => {
            for (const e of p.push(chunk)) {
              if (e.kind === 'message') got.push(e.message.toBytes());
              else if (e.kind === 'ping') pings++;
              else if (e.kind === 'error') throw new Error(JSON.stringify(e.error));
            }
          };
          for (const c of cuts) {
            if (pos >= total) break;
            take(stream.slice(pos, pos + c));
            pos += c;
          }
          if (pos < total) take(stream.slice(pos));
          const messages = items.filter((it) => it.length !== 4 || it[0] !== 13);
          expect(got.map((b) => Buffer.from(b).toString('hex'))).toEqual(
            messages.map((b) => Buffer.from(b).toString('hex')),
          );
          expect(pings).toBe(items.length - messages.length);
          expect(p.buffered).toBe(0);
        },
      ),
      { numRuns: runs(300) },
    );
  });
});

describe('robustness', () => {
  const dir = new URL('../fixtures/rfc4475/', import.meta.url);
  const torture = readdirSync(dir)
    .filter((f) => f.endsWith('.dat'))
    .map((f) => new Uint8Array(readFileSync(new URL(f, dir))));

  const safe = (bytes: Uint8Array): void => {
    for (const transport of ['datagram', 'stream'] as const) {
      const r = parseMessage(bytes, { transport });
      if (r.ok) touch(r.message);
      else expect(typeof r.error.code).toBe('string');
    }
  };

  it('random bytes give a result, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => safe(bytes)),
      { numRuns: runs(500) },
    );
  });

  it('random SIP-like text gives a result, never an exception', () => {
    const piece = fc.constantFrom(
      'INVITE ',
      'SIP/2.0',
      ' ',
      '\r\n',
      '\n',
      ':',
      ';',
      ',',
      '"',
      '<',
      '>',
      'Via',
      'l',
      'To',
      'sip:',
      '@',
      '[',
      ']',
      'tag=',
      '0',
      '9',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (ps) => safe(new TextEncoder().encode(ps.join('')))),
      { numRuns: runs(500) },
    );
  });

  it('mutated torture messages give a result, never an exception', () => {
    const mutation = fc.record({
      file: fc.nat({ max: torture.length - 1 }),
      edits: fc.array(
        fc.record({
          at: fc.nat(),
          kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate'),
          byte: fc.nat({ max: 255 }),
        }),
        { minLength: 1, maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ file, edits }) => {
        let b = Array.from(torture[file]!);
        for (const e of edits) {
          const at = b.length === 0 ? 0 : e.at % b.length;
          if (e.kind === 'flip') b[at] = e.byte;
          else if (e.kind === 'insert') b.splice(at, 0, e.byte);
          else if (e.kind === 'delete') b.splice(at, 1);
          else b = b.slice(0, at);
        }
        safe(new Uint8Array(b));
      }),
      { numRuns: runs(1000) },
    );
  });

  it('the stream framer never throws, whatever the chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 50 }), fc.constantFrom(...torture)), { maxLength: 8 }),
        (chunks) => {
          const p = new SipStreamParser({ maxMessageSize: 4096 });
          for (const c of chunks) {
            for (const e of p.push(c)) if (e.kind === 'message') touch(e.message);
          }
        },
      ),
      { numRuns: runs(300) },
    );
  });
});
