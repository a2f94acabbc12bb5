import { describe, expect, it } from 'vitest';
import { SipStreamParser, type StreamEvent } from './stream-parser.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const msg = (callId: string, body = ''): string =>
  `MESSAGE sip:a@example.com SIP/2.0\r\nCall-ID: ${callId}\r\nContent-Type: text/plain\r\nContent-Length: ${
    enc(body).length
  }\r\n\r\n${body}`;

/** Event kinds, with the Call-ID of each message. */
const summary = (events: StreamEvent[]): string[] =>
  events.map((e) =>
    e.kind === 'message'
      ? `message:${e.message.callId}`
      : e.kind === 'error'
        ? `error:${e.error.code}`
        : e.kind,
  );

describe('SipStreamParser', () => {
  it('splits back-to-back messages out of one chunk', () => {
    const p = new SipStreamParser();
    const events = p.push(enc(msg('a', 'one') + msg('b', 'two') + msg('c')));
    expect(summary(events)).toEqual(['message:a', 'message:b', 'message:c']);
    const bodies = events.map((e) => (e.kind === 'message' ? e.message.bodyText : ''));
    expect(bodies).toEqual(['one', 'two', '']);
    expect(p.buffered).toBe(0);
  });

  it('reassembles messages across every possible chunk boundary', () => {
    const stream = enc(`${msg('a', 'héllo')}\r\n\r\n${msg('b', 'x'.repeat(40))}`);
    for (let cut = 1; cut < stream.length; cut++) {
      for (const cut2 of [cut, Math.min(stream.length, cut + 7)]) {
        const p = new SipStreamParser();
        const events = [
          ...p.push(stream.slice(0, cut)),
          ...p.push(stream.slice(cut, cut2)),
          ...p.push(stream.slice(cut2)),
        ];
        const kinds = summary(events).filter((k) => k !== 'pong');
        expect(kinds).toEqual(['message:a', 'ping', 'message:b']);
        expect(p.buffered).toBe(0);
      }
    }
  });

  it('delivers exact messages when fed one octet at a time', () => {
    const text = msg('a', 'body') + msg('b', 'more');
    const stream = enc(text);
    const p = new SipStreamParser();
    const events: StreamEvent[] = [];
    for (let i = 0; i < stream.length; i++) events.push(...p.push(stream.slice(i, i + 1)));
    expect(summary(events)).toEqual(['message:a', 'message:b']);
    const out = events.map((e) => (e.kind === 'message' ? e.message.toString() : '')).join('');
    expect(out).toBe(text);
  });

  it('reports a CRLFCRLF ping and a lone CRLF pong (RFC 5626 section 3.5.1)', () => {
    const p = new SipStreamParser();
    expect(summary(p.push(enc('\r\n\r\n')))).toEqual(['ping']);
    expect(summary(p.push(enc(`\r\n${msg('z')}`)))).toEqual(['pong', 'message:z']);
    expect(summary(p.push(enc(`\r\n\r\n${msg('a')}\r\n`)))).toEqual(['ping', 'message:a', 'pong']);
    expect(summary(new SipStreamParser().push(enc(`\r\n\r\n\r\n\r\n`)))).toEqual(['ping', 'ping']);
  });

  it('still reports a ping whose two CRLFs arrive in separate chunks', () => {
    const p = new SipStreamParser();
    const events = [...p.push(enc('\r\n')), ...p.push(enc('\r\n'))];
    expect(summary(events)).toContain('ping');
    const q = new SipStreamParser();
    expect(summary([...q.push(enc('\r')), ...q.push(enc('\n\r\n'))])).toEqual(['ping']);
  });

  it('waits for the whole body announced by Content-Length', () => {
    const p = new SipStreamParser();
    const full = enc(msg('a', '0123456789'));
    expect(p.push(full.slice(0, full.length - 3))).toEqual([]);
    expect(p.buffered).toBe(full.length - 3);
    expect(summary(p.push(full.slice(full.length - 3)))).toEqual(['message:a']);
  });

  it('collects a large body from many small chunks without re-parsing each time', () => {
    const body = 'x'.repeat(200_000);
    const stream = enc(msg('big', body) + msg('next'));
    const p = new SipStreamParser();
    const events: StreamEvent[] = [];
    const started = performance.now();
    for (let i = 0; i < stream.length; i += 1000) {
      events.push(...p.push(stream.subarray(i, i + 1000)));
      if (events.length === 0) expect(p.buffered).toBe(Math.min(stream.length, i + 1000));
    }
    expect(performance.now() - started).toBeLessThan(2000);
    expect(summary(events)).toEqual(['message:big', 'message:next']);
    expect(events[0]?.kind === 'message' && events[0].message.body.length).toBe(200_000);
  });

  it('holds a slowly arriving head without copying it again for every octet', () => {
    const head = `MESSAGE sip:a@b SIP/2.0\r\nSubject: ${'s'.repeat(60_000)}\r\nCall-ID: slow\r\nl: 0\r\n\r\n`;
    const bytes = enc(head);
    const p = new SipStreamParser();
    const events: StreamEvent[] = [];
    const started = performance.now();
    for (let i = 0; i < bytes.length; i++) events.push(...p.push(bytes.subarray(i, i + 1)));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(summary(events)).toEqual(['message:slow']);
  });

  it('finds an empty line split across chunks in every way', () => {
    const bytes = enc(msg('a'));
    const blank = bytes.indexOf(13, bytes.indexOf(10, bytes.length - 30)); // the CR of the empty line
    for (const cut of [blank - 2, blank - 1, blank, blank + 1, blank + 2]) {
      const p = new SipStreamParser();
      const events = [...p.push(bytes.slice(0, cut)), ...p.push(bytes.slice(cut))];
      expect(summary(events)).toEqual(['message:a']);
    }
  });

  it('drops a message with a bad header line but keeps framing when Content-Length frames it', () => {
    const p = new SipStreamParser();
    const bad = 'MESSAGE sip:a@b SIP/2.0\r\nBad Header x\r\nContent-Length: 2\r\n\r\nhi';
    expect(summary(p.push(enc(bad + msg('b'))))).toEqual(['error:bad-header-line', 'message:b']);
  });

  it('loses framing on a missing or bad Content-Length: a fatal error, buffer dropped', () => {
    const p = new SipStreamParser();
    const events = p.push(enc(`MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n${msg('b')}`));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'error',
      fatal: true,
      error: { code: 'missing-content-length' },
    });
    expect(p.buffered).toBe(0);
    const q = new SipStreamParser();
    expect(q.push(enc('MESSAGE sip:a@b SIP/2.0\r\nl: -999\r\n\r\n'))[0]).toMatchObject({
      kind: 'error',
      fatal: true,
      error: { code: 'bad-content-length', status: 400 },
    });
  });

  it('bounds its buffer: an oversized message is a fatal 513', () => {
    const p = new SipStreamParser({ maxMessageSize: 200 });
    expect(p.push(enc('MESSAGE sip:a@b SIP/2.0\r\nSubject: '))).toEqual([]);
    const events = p.push(enc('x'.repeat(300)));
    expect(events).toMatchObject([{ kind: 'error', fatal: true, error: { code: 'too-large', status: 513 } }]);
    expect(p.buffered).toBe(0);
    const q = new SipStreamParser({ maxMessageSize: 200 });
    expect(q.push(enc('MESSAGE sip:a@b SIP/2.0\r\nl: 5000\r\n\r\n'))).toMatchObject([
      { kind: 'error', fatal: true, error: { code: 'too-large', status: 513 } },
    ]);
  });

  it('reset() forgets a partial message', () => {
    const p = new SipStreamParser();
    p.push(enc('MESSAGE sip:a@b SIP/2.0\r\n'));
    p.reset();
    expect(p.buffered).toBe(0);
    expect(summary(p.push(enc(msg('a'))))).toEqual(['message:a']);
  });

  it('keeps earlier messages intact when later chunks arrive (no shared buffer reuse)', () => {
    const p = new SipStreamParser();
    const first = p.push(enc(`${msg('a', 'first')}MESSAGE sip:`));
    const m = first[0]?.kind === 'message' ? first[0].message : undefined;
    p.push(enc(`a@b SIP/2.0\r\nCall-ID: b\r\nl: 6\r\n\r\nsecond`));
    expect(m?.bodyText).toBe('first');
    expect(m?.callId).toBe('a');
  });
});
