/**
 * Finds the call engine in @twinkle/phone. The engine (`Phone`,
 * `mediaSessionFactory`) is being built beside this console and is not yet
 * exported from the package index; until it is, the console says so
 * instead of pretending. The lookup is a runtime check of the package's
 * exports, so the console works as soon as they appear, and it is narrowed
 * to the console's own PhoneControl seam.
 */
import * as phonePackage from '@twinkle/phone';
import type { PhoneControl } from './phone-control.js';

/** What the console passes to the engine's Phone.create (a subset of its PhoneOptions). */
export interface EngineOptions {
  readonly settings: {
    readonly sipPort: number;
    readonly rtpPort: number;
    readonly devMic: string;
    readonly devSpeaker: string;
    readonly devRingtone: string;
    readonly callWaiting: boolean;
  };
  readonly profiles: readonly { readonly name: string; readonly profile: object }[];
  readonly activeProfile?: string;
  readonly address?: string;
  readonly history?: { append(record: unknown): void | Promise<void> };
  readonly quitTimeoutMs?: number;
}

export interface Engine {
  createPhone(options: EngineOptions): Promise<PhoneControl>;
}

interface PhoneClass {
  create(options: EngineOptions & { media: unknown }): Promise<PhoneControl>;
}

/** The engine when @twinkle/phone exports it, else undefined. */
export function loadEngine(pkg: object = phonePackage): Engine | undefined {
  const exports = pkg as Readonly<Record<string, unknown>>;
  const phone = exports.Phone as Partial<PhoneClass> | undefined;
  const media = exports.mediaSessionFactory;
  if (typeof phone?.create !== 'function' || typeof media !== 'function') return undefined;
  const create = phone.create.bind(phone);
  const mediaFactory = media as () => unknown;
  return { createPhone: (options) => create({ ...options, media: mediaFactory() }) };
}
