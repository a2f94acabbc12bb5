import type { ConfigDiagnostic } from './diagnostic.js';
import type { FieldSpec } from './field-types.js';

/** A table of fields: property name to spec. */
export type FieldTable = { readonly [prop: string]: FieldSpec<unknown> };

/** The typed values a table describes. */
export type TableValues<T extends FieldTable> = {
  -readonly [P in keyof T]: T[P] extends FieldSpec<infer V> ? V : never;
};

/**
 * The text of a `key=value` file as read, kept line by line so that writing it
 * back changes only the lines whose values changed. Unknown keys, comments,
 * blank lines, bad lines and their order all survive a write.
 */
export interface KvDocument {
  /** Lines without their `\n`; the last element is '' when the text ended with a newline. */
  readonly lines: readonly string[];
  /** Each known property's value as loaded (defaults for absent keys), to see what changed. */
  readonly loaded: Readonly<Record<string, unknown>>;
}

/** What reading a file gives: typed values, the document for writing back, and problems found. */
export interface KvParseResult<V> {
  readonly values: V;
  readonly document: KvDocument;
  readonly diagnostics: readonly ConfigDiagnostic[];
}

interface KeyLine {
  readonly index: number;
  readonly key: string;
  readonly value: string;
}

/**
 * Splits a line as Twinkle's read_config does: trimmed; empty and `#` lines are
 * not settings; the key is what precedes the first `=`, both sides trimmed.
 */
const splitLine = (
  line: string,
): { kind: 'skip' } | { kind: 'bad' } | { kind: 'kv'; key: string; value: string } => {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return { kind: 'skip' };
  const eq = t.indexOf('=');
  if (eq < 0) return { kind: 'bad' };
  return { kind: 'kv', key: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim() };
};

const keyIndex = (table: FieldTable): Map<string, string> => {
  const m = new Map<string, string>();
  for (const [prop, spec] of Object.entries(table)) {
    m.set(spec.key, prop);
    for (const a of spec.aliases ?? []) m.set(a, prop);
  }
  return m;
};

const defaults = <T extends FieldTable>(table: T): TableValues<T> => {
  const v: Record<string, unknown> = {};
  for (const [prop, spec] of Object.entries(table)) v[prop] = spec.defaultValue;
  return v as TableValues<T>;
};

/** The defaults of every field in a table. */
export const tableDefaults = defaults;

/**
 * Parses `key=value` text against a field table. A line without `=` and a bad
 * value for a known key each give a diagnostic; the key keeps its default (or
 * its earlier value) and reading goes on. Unknown keys are kept in the document
 * only. For a key given twice, the last line wins, as in Twinkle.
 */
export const parseKvText = <T extends FieldTable>(
  text: string,
  file: string,
  table: T,
): KvParseResult<TableValues<T>> => {
  const lines = text.split('\n');
  const values: Record<string, unknown> = defaults(table);
  const diagnostics: ConfigDiagnostic[] = [];
  const index = keyIndex(table);
  const repeatedSeen = new Set<string>();
  lines.forEach((raw, i) => {
    const s = splitLine(raw);
    if (s.kind === 'skip') return;
    if (s.kind === 'bad') {
      diagnostics.push({
        file,
        line: i + 1,
        reason: `syntax error: expected key=value, got "${raw.trim()}"`,
      });
      return;
    }
    const prop = index.get(s.key);
    if (prop === undefined) return;
    const spec = table[prop]!;
    const r = spec.parse(s.value);
    if (!r.ok) {
      diagnostics.push({ file, line: i + 1, reason: `${s.key}: ${r.reason}` });
      return;
    }
    if (r.warning !== undefined) diagnostics.push({ file, line: i + 1, reason: `${s.key}: ${r.warning}` });
    if (spec.repeated) {
      const prev = repeatedSeen.has(prop) ? (values[prop] as readonly unknown[]) : [];
      repeatedSeen.add(prop);
      values[prop] = [...prev, ...(r.value as readonly unknown[])];
    } else {
      values[prop] = r.value;
    }
  });
  return {
    values: values as TableValues<T>,
    document: { lines, loaded: { ...values } },
    diagnostics,
  };
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const keyLines = (lines: readonly string[], keys: ReadonlySet<string>): KeyLine[] => {
  const out: KeyLine[] = [];
  lines.forEach((raw, index) => {
    const s = splitLine(raw);
    if (s.kind === 'kv' && keys.has(s.key)) out.push({ index, key: s.key, value: s.value });
  });
  return out;
};

/**
 * Writes values back into a document. Lines of unchanged properties stay byte
 * for byte; a changed property rewrites its (last) line in place, keeping the
 * key spelling found there; a repeated property replaces its block of lines; a
 * changed property with no line yet is appended at the end.
 */
export const serializeKv = <T extends FieldTable>(
  document: KvDocument,
  table: T,
  values: TableValues<T>,
): string => {
  let lines = [...document.lines];
  const appended: string[] = [];
  for (const [prop, spec] of Object.entries(table)) {
    const value = (values as Record<string, unknown>)[prop];
    if (same(value, document.loaded[prop])) continue;
    const found = keyLines(lines, new Set([spec.key, ...(spec.aliases ?? [])]));
    if (spec.repeated) {
      const elems = value as readonly unknown[];
      const newLines = elems.map((e) => `${spec.key}=${spec.format([e])}`);
      if (found.length === 0) {
        appended.push(...newLines);
        continue;
      }
      const drop = new Set(found.map((f) => f.index));
      const first = found[0]!.index;
      lines = lines.flatMap((l, i) => (i === first ? newLines : drop.has(i) ? [] : [l]));
    } else {
      const last = found[found.length - 1];
      const text = spec.format(value);
      if (last === undefined) appended.push(`${spec.key}=${text}`);
      else lines[last.index] = `${last.key}=${text}`;
    }
  }
  if (appended.length > 0) {
    const endsWithNewline = lines.length > 0 && lines[lines.length - 1] === '';
    if (endsWithNewline) lines.splice(lines.length - 1, 0, ...appended);
    else lines.push(...appended, '');
  }
  return lines.join('\n');
};

/**
 * One entry of a fresh file's layout: `#...` is a comment line written as is,
 * '' a blank line, anything else a property name of the table.
 */
export type LayoutEntry = string;

/** Writes a complete new file in the order and sections Twinkle's write_config uses. */
export const formatKvLayout = <T extends FieldTable>(
  layout: readonly LayoutEntry[],
  table: T,
  values: TableValues<T>,
  omit?: (prop: string, values: TableValues<T>) => boolean,
): string => {
  const out: string[] = [];
  for (const entry of layout) {
    if (entry === '' || entry.startsWith('#')) {
      out.push(entry);
      continue;
    }
    if (omit?.(entry, values)) continue;
    const spec = table[entry];
    if (spec === undefined) throw new Error(`layout names unknown property ${entry}`);
    const value = (values as Record<string, unknown>)[entry];
    if (spec.repeated) {
      for (const e of value as readonly unknown[]) out.push(`${spec.key}=${spec.format([e])}`);
    } else {
      out.push(`${spec.key}=${spec.format(value)}`);
    }
  }
  return `${out.join('\n')}\n`;
};
