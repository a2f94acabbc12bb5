import type { AudioCodecFactory } from './codec.js';
import { pcma, pcmu } from './g711/g711-codec.js';
import { g722 } from './g722/g722-codec.js';
import {
  aal2G726_16,
  aal2G726_24,
  aal2G726_32,
  aal2G726_40,
  g726_16,
  g726_24,
  g726_32,
  g726_40,
} from './g726/g726-codec.js';
import { gsm } from './gsm/gsm-codec.js';
import { ilbc } from './ilbc/ilbc-codec.js';
import { CodecRegistry } from './registry.js';
import { speexNb, speexUwb, speexWb } from './speex/speex-codec.js';

/**
 * The codecs this package ships, in default preference order.
 * Adding a built-in codec: import its factory above and append it here (one line);
 * {@link createDefaultRegistry} and its test pick it up.
 */
export const builtInCodecs: readonly AudioCodecFactory[] = [
  pcmu,
  pcma,
  g722,
  gsm,
  g726_32,
  g726_24,
  g726_40,
  g726_16,
  aal2G726_32,
  aal2G726_24,
  aal2G726_40,
  aal2G726_16,
  speexWb,
  speexNb,
  speexUwb,
  ilbc,
];

/**
 * A new registry holding every built-in codec. Each call returns a fresh
 * instance, so a caller may register or unregister codecs without affecting others.
 */
export function createDefaultRegistry(): CodecRegistry {
  const registry = new CodecRegistry();
  for (const factory of builtInCodecs) registry.register(factory);
  return registry;
}
