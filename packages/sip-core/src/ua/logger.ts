/** The injectable logger of the UA core and facade (default silent). Never given credentials. */
export interface UaLogger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const nothing = (): void => {};

export const silentUaLogger: UaLogger = { debug: nothing, info: nothing, warn: nothing, error: nothing };
