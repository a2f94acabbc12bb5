/** The injectable logger of authentication and registration (default silent). */
export interface AuthLogger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const nothing = (): void => {};

/** A logger that drops everything. */
export const silentAuthLogger: AuthLogger = { debug: nothing, info: nothing, warn: nothing, error: nothing };

/** Random bytes, node:crypto by default; tests inject a seeded source. */
export type RandomBytes = (count: number) => Uint8Array;

export const cryptoRandom: RandomBytes = (count) => {
  const b = new Uint8Array(count);
  globalThis.crypto.getRandomValues(b);
  return b;
};

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const x of bytes) s += x.toString(16).padStart(2, '0');
  return s;
}
