/**
 * sipp's statistics file (`-trace_stat -stf FILE`): a `;`-separated header
 * line, then one row per dump period, the last one written at exit. The
 * `(C)` columns are cumulative.
 */

export interface SippStats {
  readonly created: number;
  readonly successful: number;
  readonly failed: number;
  readonly retransmissions: number;
  readonly outOfCallMessages: number;
  readonly deadCallMessages: number;
  /** Every `(C)` column by its name without the suffix, for what the fields above leave out. */
  readonly cumulative: Readonly<Record<string, string>>;
}

/** Parses the last row of a sipp statistics file; undefined when there is no data row yet. */
export function parseSippStats(text: string): SippStats | undefined {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return undefined;
  const header = lines[0]!.split(';');
  const row = lines[lines.length - 1]!.split(';');
  const cumulative: Record<string, string> = {};
  header.forEach((name, i) => {
    if (name.endsWith('(C)')) cumulative[name.slice(0, -3)] = row[i] ?? '';
  });
  const num = (name: string): number => {
    const v = Number(cumulative[name]);
    return Number.isFinite(v) ? v : 0;
  };
  return {
    created: Number(row[header.indexOf('TotalCallCreated')] ?? 0) || 0,
    successful: num('SuccessfulCall'),
    failed: num('FailedCall'),
    retransmissions: num('Retransmissions'),
    outOfCallMessages: num('OutOfCallMsgs'),
    deadCallMessages: num('DeadCallMsgs'),
    cumulative,
  };
}
