import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../config/config-dir.js';
import type { ConfigDiagnostic } from '../config/diagnostic.js';
import {
  CALL_HISTORY_HEADER,
  type CallRecord,
  formatCallRecord,
  isMissedCall,
  parseCallRecord,
} from './call-record.js';

/** Twinkle's default `ch_max_size`. */
export const DEFAULT_HISTORY_MAX_SIZE = 50;

/** Parses the text of twinkle.ch; bad lines are reported and skipped (Twinkle skips them silently). */
export const parseCallHistory = (
  text: string,
  file: string,
): { records: CallRecord[]; diagnostics: ConfigDiagnostic[] } => {
  const records: CallRecord[] = [];
  const diagnostics: ConfigDiagnostic[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const r = parseCallRecord(line);
    if (r.ok) records.push(r.record);
    else diagnostics.push({ file, line: i + 1, reason: r.reason });
  });
  return { records, diagnostics };
};

/** The whole file as Twinkle's t_record_file::save writes it: `# header` then one record a line. */
export const formatCallHistory = (records: readonly CallRecord[]): string =>
  `${[`# ${CALL_HISTORY_HEADER}`, ...records.map(formatCallRecord)].join('\n')}\n`;

/** Options of CallHistory. */
export interface CallHistoryOptions {
  /** Records kept, oldest dropped first (system setting `ch_max_size`). */
  readonly maxSize?: number;
  /** Called when the number of missed calls since the last clearMissed() changes. */
  readonly onMissedCall?: (count: number) => void;
}

/**
 * The call history of one config directory, kept in memory and saved to
 * twinkle.ch after each change (as Twinkle does), trimmed to maxSize.
 */
export class CallHistory {
  readonly file: string;
  #records: CallRecord[] = [];
  #maxSize: number;
  #missed = 0;
  readonly #onMissedCall: ((count: number) => void) | undefined;
  /** Saves run one after another, so the last state always ends up in the file. */
  #saving: Promise<void> = Promise.resolve();

  constructor(file: string, options: CallHistoryOptions = {}) {
    this.file = file;
    this.#maxSize = options.maxSize ?? DEFAULT_HISTORY_MAX_SIZE;
    this.#onMissedCall = options.onMissedCall;
  }

  /** Reads the file (a missing file is an empty history). Returns the lines that were skipped. */
  async load(): Promise<readonly ConfigDiagnostic[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') {
        this.#records = [];
        return [];
      }
      throw e;
    }
    const r = parseCallHistory(text, this.file);
    this.#records = r.records.slice(Math.max(0, r.records.length - this.#maxSize));
    return r.diagnostics;
  }

  /** Oldest first. */
  get records(): readonly CallRecord[] {
    return this.#records;
  }

  /** Missed calls added since the last clearMissed(). */
  get missedCount(): number {
    return this.#missed;
  }

  /** Changes the maximum size (the next save trims). */
  set maxSize(n: number) {
    this.#maxSize = Math.max(0, n);
  }

  get maxSize(): number {
    return this.#maxSize;
  }

  /**
   * Adds a finished call and saves the file. A record without start or end
   * time, or answered yet failed, is refused (Twinkle's is_valid): returns false.
   */
  async add(record: CallRecord): Promise<boolean> {
    if (record.timeStart === 0 || record.timeEnd === 0) return false;
    if (record.timeAnswer > 0 && record.releaseCause === 'failure') return false;
    this.#records.push(record);
    if (this.#records.length > this.#maxSize) this.#records.splice(0, this.#records.length - this.#maxSize);
    if (isMissedCall(record)) {
      this.#missed++;
      this.#onMissedCall?.(this.#missed);
    }
    await this.save();
    return true;
  }

  /** Resets the missed-call counter (the user has looked). */
  clearMissed(): void {
    if (this.#missed === 0) return;
    this.#missed = 0;
    this.#onMissedCall?.(0);
  }

  /** Forgets every record and saves the empty file. */
  async clear(): Promise<void> {
    this.#records = [];
    this.clearMissed();
    await this.save();
  }

  /** Writes the file (mode 0600: it tells whom the user called). */
  save(): Promise<void> {
    const next = this.#saving.then(async () => {
      if (this.#records.length > this.#maxSize) this.#records.splice(0, this.#records.length - this.#maxSize);
      await writeFileAtomic(this.file, formatCallHistory(this.#records), 0o600);
    });
    // A failed save is reported to its caller; the chain goes on for the next one.
    this.#saving = next.catch(() => undefined);
    return next;
  }
}
