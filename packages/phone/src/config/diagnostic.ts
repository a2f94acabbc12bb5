/**
 * A problem found while reading a configuration or history file. Reading never
 * stops at the first problem: the line is skipped (or the key keeps its default)
 * and the rest of the file still loads.
 */
export interface ConfigDiagnostic {
  /** The file the line came from (as given to the parser, usually a path). */
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  /** Why the line was not taken, e.g. `ptime: expected an integer from 10 to 80, got "abc"`. */
  readonly reason: string;
}

/** Formats a diagnostic the way compilers do: `file:line: reason`. */
export const formatDiagnostic = (d: ConfigDiagnostic): string => `${d.file}:${d.line}: ${d.reason}`;
