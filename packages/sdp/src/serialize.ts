import { write as transformWrite } from 'sdp-transform';
import type {
  Attribute,
  Bandwidth,
  Connection,
  MediaDescription,
  Origin,
  SessionDescription,
  ZrtpHash,
} from './model.js';

type TransformSession = Parameters<typeof transformWrite>[0];
type TransformMedia = TransformSession['media'][number];
type TransformBandwidth = NonNullable<TransformSession['bandwidth']>[number];

const ipVer = (c: { readonly addressType: 'IP4' | 'IP6' }): number => (c.addressType === 'IP6' ? 6 : 4);

const connection = (c: Connection) => ({ version: ipVer(c), ip: c.address });

const bandwidth = (b: readonly Bandwidth[]): TransformBandwidth[] =>
  b.map((x) => ({ type: x.type as TransformBandwidth['type'], limit: x.limit }));

function verbatim(attributes: readonly Attribute[], zrtpHash: ZrtpHash | undefined): { value: string }[] {
  const out: { value: string }[] = [];
  if (zrtpHash) out.push({ value: `zrtp-hash:${zrtpHash.version} ${zrtpHash.hash}` });
  for (const a of attributes) out.push({ value: a.value === undefined ? a.name : `${a.name}:${a.value}` });
  return out;
}

function media(m: MediaDescription): TransformMedia {
  const out: TransformMedia = {
    type: m.type,
    port: m.port,
    protocol: m.protocol,
    payloads: m.formats.join(' '),
    rtp: m.rtpMaps.map((r) => ({
      payload: r.payloadType,
      codec: r.encoding,
      ...(r.clockRate !== undefined ? { rate: r.clockRate } : {}),
      ...(r.channels !== undefined ? { encoding: r.channels } : {}),
    })),
    fmtp: m.fmtps.map((f) => ({ payload: f.payloadType, config: f.parameters })),
  };
  if (m.connection) out.connection = connection(m.connection);
  if (m.bandwidths.length > 0) out.bandwidth = bandwidth(m.bandwidths);
  if (m.direction) out.direction = m.direction;
  if (m.ptime !== undefined) out.ptime = m.ptime;
  if (m.maxptime !== undefined) out.maxptime = m.maxptime;
  if (m.rtcp) {
    out.rtcp = m.rtcp.connection
      ? {
          port: m.rtcp.port,
          netType: 'IN',
          ipVer: ipVer(m.rtcp.connection),
          address: m.rtcp.connection.address,
        }
      : { port: m.rtcp.port };
  }
  if (m.rtcpMux) out.rtcpMux = 'rtcp-mux';
  if (m.crypto.length > 0) {
    out.crypto = m.crypto.map((c) => ({
      id: c.tag,
      suite: c.suite,
      config: c.keyParams,
      ...(c.sessionParams.length > 0 ? { sessionConfig: c.sessionParams.join(' ') } : {}),
    }));
  }
  const extra = verbatim(m.attributes, m.zrtpHash);
  if (extra.length > 0) out.invalid = extra;
  return out;
}

/** The `o=` value, written here because sdp-transform formats the version as a double. */
export const formatOrigin = (o: Origin): string =>
  `${o.username} ${o.sessionId} ${o.sessionVersion} IN ${o.addressType} ${o.address}`;

/**
 * Writes a session description as SDP text with CRLF line ends, in the line
 * order of RFC 8866 section 5. Attributes kept verbatim are written last in
 * their media description.
 */
export function serializeSdp(sdp: SessionDescription): string {
  const session: TransformSession = {
    version: 0,
    origin: {
      username: sdp.origin.username,
      sessionId: sdp.origin.sessionId,
      sessionVersion: 0,
      netType: 'IN',
      ipVer: ipVer(sdp.origin),
      address: sdp.origin.address,
    },
    name: sdp.name,
    timing: { start: sdp.timing.start, stop: sdp.timing.stop },
    media: sdp.media.map(media),
  };
  if (sdp.information !== undefined) session.description = sdp.information;
  if (sdp.connection) session.connection = connection(sdp.connection);
  if (sdp.bandwidths.length > 0) session.bandwidth = bandwidth(sdp.bandwidths);
  if (sdp.direction) session.direction = sdp.direction;
  const extra = verbatim(sdp.attributes, sdp.zrtpHash);
  if (extra.length > 0) session.invalid = extra;
  const text = transformWrite(session);
  // The o= line is always the second one; replace it with the exact version.
  return text.replace(/^o=[^\r\n]*/m, () => `o=${formatOrigin(sdp.origin)}`);
}
