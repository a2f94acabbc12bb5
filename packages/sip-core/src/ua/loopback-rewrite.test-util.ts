/**
 * Rewrites a raw test message so that nothing it names leaves loopback:
 * every IPv4 literal becomes 127.0.0.1, and a Content-Length that matched
 * the body is recomputed (the body may contain addresses too). Works on
 * bytes as latin1, so binary bodies and UTF-8 pass through unchanged.
 */
const IPV4 = /(?<![\w.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\w.])/g;
const CONTENT_LENGTH = /^(content-length|l)([ \t]*:[ \t]*)(\d+)/gim;

const toLatin1 = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
};

const fromLatin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

export function rewriteToLoopback(bytes: Uint8Array, address = '127.0.0.1'): Uint8Array {
  const text = toLatin1(bytes);
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return fromLatin1(text.replace(IPV4, address));
  const head = text.slice(0, split + 4);
  const body = text.slice(split + 4);
  const lengths = [...head.matchAll(CONTENT_LENGTH)];
  const matched = lengths.length === 1 && Number(lengths[0]![3]) === body.length;
  const newBody = body.replace(IPV4, address);
  let newHead = head.replace(IPV4, address);
  if (matched) newHead = newHead.replace(CONTENT_LENGTH, (_m, name, sep) => `${name}${sep}${newBody.length}`);
  return fromLatin1(newHead + newBody);
}
