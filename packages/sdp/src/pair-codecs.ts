import { type CodecCapability, codecMatches, type ResolvedFormat } from './codec.js';

/**
 * Pairs remote codecs with ours. `remote` order: the offerer's list, each
 * with the first of ours that matches; `local` order: ours, each with the
 * first remote format that matches (RFC 3264 section 6.1 leaves the order to
 * the answerer).
 */
export function pairCodecs<C extends CodecCapability>(
  local: readonly { payloadType: number; capability: C }[],
  remote: readonly ResolvedFormat[],
  order: 'local' | 'remote',
): { local: { payloadType: number; capability: C }; remote: ResolvedFormat }[] {
  const out: { local: { payloadType: number; capability: C }; remote: ResolvedFormat }[] = [];
  const used = new Set<unknown>();
  if (order === 'remote') {
    for (const r of remote) {
      const l = local.find((x) => !used.has(x) && codecMatches(x.capability, r));
      if (l) {
        used.add(l);
        out.push({ local: l, remote: r });
      }
    }
  } else {
    for (const l of local) {
      const r = remote.find((x) => !used.has(x) && codecMatches(l.capability, x));
      if (r) {
        used.add(r);
        out.push({ local: l, remote: r });
      }
    }
  }
  return out;
}
