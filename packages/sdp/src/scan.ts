import type { Connection, Origin, Timing } from './model.js';
import { fail, ok, type Result } from './result.js';

/** One `<type>=<value>` line with its 1-based line number. */
export interface SdpLine {
  readonly type: string;
  readonly value: string;
  readonly lineNo: number;
}

/** The `m=` line fields (RFC 8866 section 5.14). */
export interface MediaLine {
  readonly type: string;
  readonly port: number;
  readonly protocol: string;
  readonly formats: readonly string[];
}

/** A media section: its `m=` line and the lines up to the next one. */
export interface ScannedMedia {
  readonly media: MediaLine;
  readonly connection?: Connection;
  readonly attributes: readonly SdpLine[];
}

/** What the structural pass found: the required lines, parsed, and every attribute line. */
export interface Scan {
  readonly origin: Origin;
  readonly timing: Timing;
  readonly connection?: Connection;
  readonly attributes: readonly SdpLine[];
  readonly media: readonly ScannedMedia[];
}

const LINE_RE = /^([a-z])=(.*)$/;
const ORIGIN_RE = /^(\S+) (\S+) (\d+) IN (IP4|IP6) (\S+)$/;
const CONNECTION_RE = /^IN (IP4|IP6) (\S+)$/;
const TIMING_RE = /^(\d+) (\d+)$/;
// m=<media> <port>[/<number of ports>] <proto> <fmt> ...
const MEDIA_RE = /^([A-Za-z0-9_.-]+) (\d+)(?:\/\d+)? ([A-Za-z0-9_./-]+)((?: +\S+)*)$/;

/** Reads an `o=` value; undefined when it does not follow RFC 8866 section 5.2. */
export function parseOrigin(value: string): Origin | undefined {
  const m = ORIGIN_RE.exec(value.trimEnd());
  if (!m) return undefined;
  return {
    username: m[1]!,
    sessionId: m[2]!,
    sessionVersion: BigInt(m[3]!),
    addressType: m[4] as 'IP4' | 'IP6',
    address: m[5]!,
  };
}

/** Reads a `c=` value; undefined when it is not `IN IP4|IP6 <address>`. */
export function parseConnection(value: string): Connection | undefined {
  const m = CONNECTION_RE.exec(value.trimEnd());
  return m ? { addressType: m[1] as 'IP4' | 'IP6', address: m[2]! } : undefined;
}

function parseMediaLine(value: string): MediaLine | undefined {
  const m = MEDIA_RE.exec(value.trimEnd());
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port > 65535) return undefined;
  const formats = m[4]!.split(' ').filter((f) => f !== '');
  // RFC 8866 requires at least one format; a rejected stream (port 0) without one is tolerated.
  if (formats.length === 0 && port !== 0) return undefined;
  return { type: m[1]!, port, protocol: m[3]!, formats };
}

/**
 * The structural pass over an SDP body: every line must be `<type>=<value>`,
 * `v=0` comes first, the session part has exactly one `o=` and `s=` and at
 * least one `t=`, every `m=` line is well formed, and every medium has a
 * connection address, its own or the session's (RFC 8866 section 5.7).
 * Empty lines (a trailing CRLF pair, for one) are skipped.
 */
export function scanSdp(text: string): Result<Scan> {
  const raw = text.split(/\r\n|\r|\n/);
  let origin: Origin | undefined;
  let timing: Timing | undefined;
  let sessionConnection: Connection | undefined;
  let sawName = false;
  let sawVersion = false;
  const sessionAttributes: SdpLine[] = [];
  const media: { media: MediaLine; connection?: Connection; attributes: SdpLine[]; lineNo: number }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const text = raw[i]!;
    const lineNo = i + 1;
    if (text.trim() === '') continue;
    const m = LINE_RE.exec(text);
    if (!m) return fail('bad-line', `line ${lineNo} is not <type>=<value>`, lineNo);
    const type = m[1]!;
    const value = m[2]!;
    const current = media[media.length - 1];
    if (!sawVersion) {
      if (type !== 'v' || value.trim() !== '0')
        return fail('bad-version', 'the first line must be v=0', lineNo);
      sawVersion = true;
      continue;
    }
    switch (type) {
      case 'v':
        return fail('duplicate-line', 'a second v= line', lineNo);
      case 'o':
        if (current) return fail('misplaced-line', 'o= inside a media description', lineNo);
        if (origin) return fail('duplicate-line', 'a second o= line', lineNo);
        origin = parseOrigin(value);
        if (!origin) return fail('bad-origin', `malformed o= line: ${value}`, lineNo);
        break;
      case 's':
        if (current) return fail('misplaced-line', 's= inside a media description', lineNo);
        if (sawName) return fail('duplicate-line', 'a second s= line', lineNo);
        sawName = true;
        break;
      case 't': {
        if (current) return fail('misplaced-line', 't= inside a media description', lineNo);
        const t = TIMING_RE.exec(value.trimEnd());
        if (!t) return fail('bad-timing', `malformed t= line: ${value}`, lineNo);
        // Several t= lines are legal; the first one describes the session for us.
        timing ??= { start: Number(t[1]), stop: Number(t[2]) };
        break;
      }
      case 'c': {
        const c = parseConnection(value);
        if (!c) return fail('bad-connection', `malformed c= line: ${value}`, lineNo);
        if (current) current.connection = c;
        else sessionConnection = c;
        break;
      }
      case 'm': {
        const ml = parseMediaLine(value);
        if (!ml) return fail('bad-media', `malformed m= line: ${value}`, lineNo);
        media.push({ media: ml, attributes: [], lineNo });
        break;
      }
      case 'a':
        (current ? current.attributes : sessionAttributes).push({ type, value, lineNo });
        break;
      default:
        // i=, u=, e=, p=, b=, z=, k=, r= and unknown types: RFC 8866 section 5 asks
        // parsers to ignore what they do not understand; sdp-transform reads b= and i=.
        break;
    }
  }
  if (!sawVersion) return fail('bad-version', 'empty session description');
  if (!origin) return fail('missing-origin', 'no o= line');
  if (!sawName) return fail('missing-session-name', 'no s= line');
  if (!timing) return fail('missing-timing', 'no t= line');
  for (const m of media) {
    if (!m.connection && !sessionConnection) {
      return fail('missing-connection', 'a media description without c= and no session-level c=', m.lineNo);
    }
  }
  return ok({
    origin,
    timing,
    ...(sessionConnection ? { connection: sessionConnection } : {}),
    attributes: sessionAttributes,
    media: media.map(({ lineNo: _, ...rest }) => rest),
  });
}
