import type { CodecCapability } from './codec.js';
import { readFixture } from './fixtures.test.util.js';
import type { SessionDescription } from './model.js';
import { parseSdp } from './parse.js';

/** The RFC 4317 bodies, by "<section> <step>" (fixtures/rfc4317.sdp). */
export const examples = new Map<string, string>();
{
  let key: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (key) examples.set(key, `${lines.join('\r\n')}\r\n`);
  };
  for (const line of readFixture('rfc4317.sdp').toString('utf8').split('\r\n')) {
    if (line.startsWith('### ')) {
      flush();
      key = line.slice(4);
      lines = [];
    } else if (key && line !== '') lines.push(line);
  }
  flush();
}
export const text = (key: string): string => {
  const t = examples.get(key);
  if (!t) throw new Error(`no example ${key}`);
  return t;
};
export const sdp = (key: string): SessionDescription => {
  const r = parseSdp(text(key));
  if (!r.ok) throw new Error(`${key}: ${r.error.reason}`);
  return r.value;
};

export const PCMU: CodecCapability = { encoding: 'PCMU', clockRate: 8000 };
export const PCMA: CodecCapability = { encoding: 'PCMA', clockRate: 8000 };
export const ILBC: CodecCapability = { encoding: 'iLBC', clockRate: 8000, payloadType: 97 };
