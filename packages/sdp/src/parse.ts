import { parse as transformParse } from 'sdp-transform';
import type {
  Attribute,
  Bandwidth,
  CryptoAttribute,
  Direction,
  Fmtp,
  MediaDescription,
  RtcpAttribute,
  RtpMap,
  SessionDescription,
  ZrtpHash,
} from './model.js';
import { fail, ok, type Result } from './result.js';
import { type ScannedMedia, type SdpLine, scanSdp } from './scan.js';

/** sdp-transform's view of one level (session or medium); only the fields we read. */
interface TransformLevel {
  readonly description?: string;
  readonly bandwidth?: readonly { type: string; limit: number | string }[];
  readonly direction?: string;
  readonly rtp?: readonly {
    payload: number;
    codec: string;
    rate?: number | string;
    encoding?: number | string;
  }[];
  readonly fmtp?: readonly { payload: number; config: string | number }[];
  readonly ptime?: number | string;
  readonly maxptime?: number | string;
  readonly rtcp?: { port: number | string; ipVer?: number | string; address?: string };
  readonly rtcpMux?: string;
}

// Attributes this package interprets, per level; every other one is kept verbatim in `attributes`.
const MEDIA_INTERPRETED = new Set([
  'rtpmap',
  'fmtp',
  'ptime',
  'maxptime',
  'sendrecv',
  'sendonly',
  'recvonly',
  'inactive',
  'rtcp',
  'rtcp-mux',
  'crypto',
  'zrtp-hash',
]);
const SESSION_INTERPRETED = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive', 'zrtp-hash']);

const CRYPTO_RE = /^(\d{1,9}) ([A-Za-z0-9_]+) (\S+)((?: +\S+)*)\s*$/;
const ZRTP_HASH_RE = /^(\S+) ([0-9A-Fa-f]+)\s*$/;
const DIRECTIONS = new Set<string>(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

function splitAttribute(line: SdpLine): Attribute {
  const colon = line.value.indexOf(':');
  return colon < 0
    ? { name: line.value.trimEnd() }
    : { name: line.value.slice(0, colon), value: line.value.slice(colon + 1) };
}

/** A positive finite number, else undefined. */
function positive(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function parseCrypto(value: string): CryptoAttribute | undefined {
  const m = CRYPTO_RE.exec(value);
  if (!m) return undefined;
  return {
    tag: Number(m[1]),
    suite: m[2]!,
    keyParams: m[3]!,
    sessionParams: m[4]!.split(' ').filter((s) => s !== ''),
  };
}

function parseZrtpHash(value: string): ZrtpHash | undefined {
  const m = ZRTP_HASH_RE.exec(value);
  return m ? { version: m[1]!, hash: m[2]!.toLowerCase() } : undefined;
}

/** Attributes we read ourselves, from the raw lines: crypto, zrtp-hash, and the uninterpreted rest. */
function rawAttributes(lines: readonly SdpLine[], interpreted: ReadonlySet<string>) {
  const attributes: Attribute[] = [];
  const crypto: CryptoAttribute[] = [];
  let zrtpHash: ZrtpHash | undefined;
  for (const line of lines) {
    const attr = splitAttribute(line);
    if (!interpreted.has(attr.name)) {
      attributes.push(attr);
    } else if (attr.name === 'crypto') {
      const c = attr.value === undefined ? undefined : parseCrypto(attr.value);
      if (c) crypto.push(c);
      else attributes.push(attr);
    } else if (attr.name === 'zrtp-hash') {
      const z = attr.value === undefined ? undefined : parseZrtpHash(attr.value);
      if (z) zrtpHash ??= z;
      else attributes.push(attr);
    }
  }
  return { attributes, crypto, zrtpHash };
}

function bandwidths(level: TransformLevel): Bandwidth[] {
  return (level.bandwidth ?? []).map((b) => ({ type: b.type, limit: Number(b.limit) }));
}

function direction(level: TransformLevel): Direction | undefined {
  return level.direction !== undefined && DIRECTIONS.has(level.direction)
    ? (level.direction as Direction)
    : undefined;
}

function rtpMaps(level: TransformLevel): RtpMap[] {
  const out: RtpMap[] = [];
  for (const r of level.rtp ?? []) {
    if (!Number.isInteger(r.payload) || r.payload > 127 || r.codec === '') continue;
    const clockRate = positive(r.rate);
    const channels = positive(r.encoding);
    out.push({
      payloadType: r.payload,
      encoding: r.codec,
      ...(clockRate !== undefined ? { clockRate } : {}),
      ...(channels !== undefined ? { channels } : {}),
    });
  }
  return out;
}

function fmtps(level: TransformLevel): Fmtp[] {
  return (level.fmtp ?? [])
    .filter((f) => Number.isInteger(f.payload))
    .map((f) => ({ payloadType: f.payload, parameters: String(f.config).trim() }));
}

function rtcp(level: TransformLevel): RtcpAttribute | undefined {
  const r = level.rtcp;
  const port = r === undefined ? undefined : Number(r.port);
  if (r === undefined || port === undefined || !Number.isInteger(port) || port <= 0 || port > 65535) {
    return undefined;
  }
  if (r.address === undefined || r.ipVer === undefined) return { port };
  return { port, connection: { addressType: Number(r.ipVer) === 6 ? 'IP6' : 'IP4', address: r.address } };
}

function buildMedia(scanned: ScannedMedia, level: TransformLevel): MediaDescription {
  const raw = rawAttributes(scanned.attributes, MEDIA_INTERPRETED);
  const dir = direction(level);
  const ptime = positive(level.ptime);
  const maxptime = positive(level.maxptime);
  const rtcpAttr = rtcp(level);
  return {
    type: scanned.media.type,
    port: scanned.media.port,
    protocol: scanned.media.protocol,
    formats: scanned.media.formats,
    rtpMaps: rtpMaps(level),
    fmtps: fmtps(level),
    ...(scanned.connection ? { connection: scanned.connection } : {}),
    bandwidths: bandwidths(level),
    ...(dir ? { direction: dir } : {}),
    ...(ptime !== undefined ? { ptime } : {}),
    ...(maxptime !== undefined ? { maxptime } : {}),
    ...(rtcpAttr ? { rtcp: rtcpAttr } : {}),
    rtcpMux: level.rtcpMux === 'rtcp-mux',
    crypto: raw.crypto,
    ...(raw.zrtpHash ? { zrtpHash: raw.zrtpHash } : {}),
    attributes: raw.attributes,
  };
}

/**
 * Parses an SDP body (RFC 8866) into the typed model. Never throws: a body
 * that lacks a required line, or has a malformed `v=`, `o=`, `t=`, `c=` or
 * `m=` line, gives an error result naming the line. Attributes this package
 * does not interpret (ICE, for one) are kept verbatim; malformed optional
 * attributes are ignored, as RFC 8866 section 5.13 asks of unknown ones.
 */
export function parseSdp(text: string): Result<SessionDescription> {
  const scanned = scanSdp(text);
  if (!scanned.ok) return scanned;
  const scan = scanned.value;
  let parsed: { media: TransformLevel[]; name?: string } & TransformLevel;
  try {
    parsed = transformParse(text) as unknown as typeof parsed;
  } catch (e: unknown) {
    // sdp-transform only runs regular expressions; this is a guard, not a path we expect.
    return fail('bad-line', `unreadable SDP: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parsed.media.length !== scan.media.length) {
    return fail('bad-media', 'media sections could not be delimited');
  }
  const raw = rawAttributes(scan.attributes, SESSION_INTERPRETED);
  const dir = direction(parsed);
  const information = parsed.description;
  const session: SessionDescription = {
    origin: scan.origin,
    name: parsed.name === undefined ? '' : String(parsed.name),
    ...(information !== undefined ? { information: String(information) } : {}),
    ...(scan.connection ? { connection: scan.connection } : {}),
    bandwidths: bandwidths(parsed),
    timing: scan.timing,
    ...(dir ? { direction: dir } : {}),
    ...(raw.zrtpHash ? { zrtpHash: raw.zrtpHash } : {}),
    attributes: raw.attributes,
    media: scan.media.map((m, i) => buildMedia(m, parsed.media[i]!)),
  };
  return ok(session);
}
