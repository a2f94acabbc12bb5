/** The injectable logger of the transaction layer (default silent). */
export interface TransactionLogger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const nothing = (): void => {};

/** A logger that drops everything. */
export const silentTransactionLogger: TransactionLogger = {
  debug: nothing,
  info: nothing,
  warn: nothing,
  error: nothing,
};
