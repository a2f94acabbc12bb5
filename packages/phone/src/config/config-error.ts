/** Why a configuration file operation failed. */
export type ConfigErrorCode = 'not-found' | 'exists' | 'bad-name' | 'bad-value' | 'io' | 'locked';

/** Error thrown (or rejected with) by the config directory functions; tests check `code`. */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  /** The file concerned, when there is one. */
  readonly file: string | undefined;

  constructor(code: ConfigErrorCode, message: string, file?: string) {
    super(message);
    this.name = 'ConfigError';
    this.code = code;
    this.file = file;
  }
}
