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

/**
 * What the console passes to the engine's Phone.create: its PhoneOptions
 * without `media`, which the loader adds (the media module's sessions).
 */
export interface EngineOptions {
  /** The config module's SystemSettings (with --sip-port/--rtp-port applied). */
  readonly settings: { readonly sipPort: number; readonly rtpPort: number };
  /** The config store's active profiles (name, profile, services). */
  readonly profiles: readonly {
    readonly name: string;
    readonly profile: object;
    readonly services?: object;
  }[];
  readonly activeProfile?: string;
  readonly address?: string;
  /** The config directory: relative ring tone files are found there. */
  readonly configDir?: string;
  /** The config store's call history. */
  readonly history?: { add(record: never): Promise<boolean> | boolean };
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
