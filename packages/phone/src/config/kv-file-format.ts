import {
  type FieldTable,
  formatKvLayout,
  type KvDocument,
  type KvParseResult,
  type LayoutEntry,
  parseKvText,
  serializeKv,
  type TableValues,
  tableDefaults,
} from './kv-document.js';

/**
 * The defaults, reader and writer of one of Twinkle's `key=value` files
 * (`<name>.cfg`, `<name>.svc`, `twinkle.sys`), built from its field table and
 * the layout Twinkle writes it in.
 */
export interface KvFileFormat<T extends FieldTable> {
  /** Twinkle's default for every key. */
  readonly defaults: () => TableValues<T>;
  /** Parses file text; `file` names the source in diagnostics. Never throws. */
  readonly parse: (text: string, file: string) => KvParseResult<TableValues<T>>;
  /**
   * Text for the values: in place when the document they were read from is
   * given (only changed keys' lines change, unknown keys stay), else a whole
   * file in Twinkle's layout.
   */
  readonly serialize: (values: TableValues<T>, document?: KvDocument) => string;
}

/**
 * The format of a file described by `fields`, written fresh in `layout` order.
 * `omit` leaves a key out of a fresh file (Twinkle writes some keys only when
 * another is set); it does not apply to in-place writes.
 */
export const kvFileFormat = <T extends FieldTable>(
  fields: T,
  layout: readonly LayoutEntry[],
  omit?: (prop: string, values: TableValues<T>) => boolean,
): KvFileFormat<T> => ({
  defaults: () => tableDefaults(fields),
  parse: (text, file) => parseKvText(text, file, fields),
  serialize: (values, document) =>
    document ? serializeKv(document, fields, values) : formatKvLayout(layout, fields, values, omit),
});
