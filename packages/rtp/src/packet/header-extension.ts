import { fail, ok, type PacketError, type Result } from './result.js';
import type { RtpHeaderExtension } from './rtp-packet.js';

/** One RFC 8285 header extension element. */
export interface ExtensionElement {
  /** Local identifier negotiated with a=extmap (1..14 one-byte, 1..255 two-byte). */
  readonly id: number;
  /** Element data; a view into the packet when parsed. */
  readonly data: Uint8Array;
}

/** The "defined by profile" value of the one-byte header form (RFC 8285 section 4.2). */
export const ONE_BYTE_PROFILE = 0xbede;
/** The two-byte form uses 0x100 followed by four application bits (RFC 8285 section 4.3). */
export const TWO_BYTE_PROFILE = 0x1000;

/**
 * Splits an RTP header extension into RFC 8285 elements, one-byte or two-byte form.
 * Padding octets are skipped; in the one-byte form ID 15 stops parsing (section 4.2).
 */
export function parseExtensionElements(ext: RtpHeaderExtension): Result<ExtensionElement[], PacketError> {
  const d = ext.data;
  const out: ExtensionElement[] = [];
  if (ext.profile === ONE_BYTE_PROFILE) {
    for (let i = 0; i < d.length; ) {
      const b = d[i]!;
      if (b === 0) {
        i++;
        continue;
      }
      const id = b >> 4;
      if (id === 15) break;
      const len = (b & 0x0f) + 1;
      if (i + 1 + len > d.length) return fail('bad-extension', 'one-byte element runs past the extension', i);
      out.push({ id, data: d.subarray(i + 1, i + 1 + len) });
      i += 1 + len;
    }
    return ok(out);
  }
  if ((ext.profile & 0xfff0) === TWO_BYTE_PROFILE) {
    for (let i = 0; i < d.length; ) {
      const id = d[i]!;
      if (id === 0) {
        i++;
        continue;
      }
      if (i + 2 > d.length) return fail('bad-extension', 'two-byte element header truncated', i);
      const len = d[i + 1]!;
      if (i + 2 + len > d.length) return fail('bad-extension', 'two-byte element runs past the extension', i);
      out.push({ id, data: d.subarray(i + 2, i + 2 + len) });
      i += 2 + len;
    }
    return ok(out);
  }
  return fail('not-rfc8285', 'header extension is not in RFC 8285 form', 0);
}

/**
 * Builds an RTP header extension from elements: the one-byte form when every
 * element fits it (ID 1..14, 1..16 octets), otherwise the two-byte form; zero
 * padding to a multiple of 4 octets. Throws RangeError on IDs or lengths neither form allows.
 */
export function buildHeaderExtension(elements: readonly ExtensionElement[]): RtpHeaderExtension {
  const oneByte = elements.every((e) => e.id >= 1 && e.id <= 14 && e.data.length >= 1 && e.data.length <= 16);
  let len = 0;
  for (const e of elements) {
    if (!oneByte && (e.id < 1 || e.id > 255 || e.data.length > 255)) {
      throw new RangeError(`extension element id ${e.id} / length ${e.data.length} fits no RFC 8285 form`);
    }
    len += (oneByte ? 1 : 2) + e.data.length;
  }
  const data = new Uint8Array((len + 3) & ~3);
  let at = 0;
  for (const e of elements) {
    if (oneByte) {
      data[at++] = (e.id << 4) | (e.data.length - 1);
    } else {
      data[at++] = e.id;
      data[at++] = e.data.length;
    }
    data.set(e.data, at);
    at += e.data.length;
  }
  return { profile: oneByte ? ONE_BYTE_PROFILE : TWO_BYTE_PROFILE, data };
}
