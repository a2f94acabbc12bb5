import { isSipUri, parseUri } from '@twinkle/sip-core';

/**
 * Value syntaxes of Twinkle's `key=value` files, each a parser plus a formatter.
 * A parser returns the value or a reason; it never throws. Formatting a parsed
 * value gives Twinkle's own spelling back (yes/no, plain decimal integers).
 */
export type FieldParse<T> =
  | {
      readonly ok: true;
      readonly value: T /** Taken, but part of it was dropped (e.g. an unknown codec). */;
      readonly warning?: string;
    }
  | { readonly ok: false; readonly reason: string };

/** One key of a file: its Twinkle name, default, syntax, and whether it may repeat. */
export interface FieldSpec<T> {
  /** The key as Twinkle writes it. */
  readonly key: string;
  /** Older names Twinkle still reads for this key (e.g. `sip_udp_port`). */
  readonly aliases?: readonly string[];
  readonly defaultValue: T;
  /**
   * A repeated key (`start_user_profile`, `number_conversion`, `cf_always`) appears
   * once per element; its value is the array of elements in file order.
   */
  readonly repeated: boolean;
  parse(text: string): FieldParse<T>;
  format(value: T): string;
}

/** The value type a spec describes. */
export type FieldValue<S> = S extends FieldSpec<infer T> ? T : never;

const ok = <T>(value: T): FieldParse<T> => ({ ok: true, value });
const bad = <T>(reason: string): FieldParse<T> => ({ ok: false, reason });

/** Free text, kept as written (Twinkle trims the value; so do we). */
export const stringField = (key: string, defaultValue = ''): FieldSpec<string> => ({
  key,
  defaultValue,
  repeated: false,
  parse: ok,
  format: (v) => v,
});

/** `yes` / `no` (Twinkle's yesno2bool: anything but `yes` is false; we report it). */
export const boolField = (key: string, defaultValue: boolean): FieldSpec<boolean> => ({
  key,
  defaultValue,
  repeated: false,
  parse: (t) => (t === 'yes' ? ok(true) : t === 'no' ? ok(false) : bad(`expected yes or no, got "${t}"`)),
  format: (v) => (v ? 'yes' : 'no'),
});

/** A decimal integer within a range (Twinkle uses atoi; we refuse what atoi would misread). */
export const intField = (
  key: string,
  defaultValue: number,
  range: { readonly min: number; readonly max: number },
  aliases?: readonly string[],
): FieldSpec<number> => ({
  key,
  ...(aliases ? { aliases } : {}),
  defaultValue,
  repeated: false,
  parse: (t) => {
    if (!/^-?\d+$/.test(t)) return bad(`expected an integer from ${range.min} to ${range.max}, got "${t}"`);
    const n = Number(t);
    if (n < range.min || n > range.max)
      return bad(`expected an integer from ${range.min} to ${range.max}, got ${t}`);
    return ok(n);
  },
  format: (v) => String(v),
});

/**
 * A decimal fraction within a range (`reg_qvalue`). Written as C++ `<<` does
 * by default: six significant digits, no trailing zeros (1.0 is `1`).
 */
export const floatField = (
  key: string,
  defaultValue: number,
  range: { readonly min: number; readonly max: number },
): FieldSpec<number> => ({
  key,
  defaultValue,
  repeated: false,
  parse: (t) => {
    if (!/^\d+(\.\d*)?$|^\.\d+$/.test(t))
      return bad(`expected a number from ${range.min} to ${range.max}, got "${t}"`);
    const n = Number(t);
    if (n < range.min || n > range.max)
      return bad(`expected a number from ${range.min} to ${range.max}, got ${t}`);
    return ok(n);
  },
  format: (v) => String(Number(v.toPrecision(6))),
});

/** One of a fixed set of words. */
export const enumField = <const E extends string>(
  key: string,
  values: readonly E[],
  defaultValue: E,
): FieldSpec<E> => ({
  key,
  defaultValue,
  repeated: false,
  parse: (t) =>
    (values as readonly string[]).includes(t)
      ? ok(t as E)
      : bad(`expected one of ${values.join('|')}, got "${t}"`),
  format: (v) => v,
});

/** Lowercase hex of a fixed byte length (`auth_aka_op` 16 bytes, `auth_aka_amf` 2 bytes). */
export const hexField = (key: string, bytes: number): FieldSpec<string> => ({
  key,
  defaultValue: '0'.repeat(bytes * 2),
  repeated: false,
  parse: (t) =>
    new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(t)
      ? ok(t.toLowerCase())
      : bad(`expected ${bytes * 2} hex digits, got "${t}"`),
  format: (v) => v,
});

/**
 * A server written without its scheme, as Twinkle's encode_noscheme() does:
 * `registrar=sip.example.com:5060;transport=tcp`. Empty means "none". The value is
 * checked as the URI `scheme:value` and must have no user part (Twinkle's
 * set_server_value rule).
 */
export const serverField = (key: string, scheme = 'sip'): FieldSpec<string> => ({
  key,
  defaultValue: '',
  repeated: false,
  parse: (t) => {
    if (t === '') return ok('');
    const r = parseUri(`${scheme === 'stun' ? 'sip' : scheme}:${t}`);
    if (!r.ok || !isSipUri(r.value) || r.value.scheme !== 'sip')
      return bad(`not a valid server address: "${t}"`);
    if (r.value.user !== undefined && r.value.user !== '')
      return bad(`a server address has no user part: "${t}"`);
    return ok(t);
  },
  format: (v) => v,
});

/** A SIP or tel URI written with its scheme (`redial_url`); empty means none. */
export const uriField = (key: string): FieldSpec<string> => ({
  key,
  defaultValue: '',
  repeated: false,
  parse: (t) => {
    if (t === '') return ok('');
    return parseUri(t).ok ? ok(t) : bad(`not a valid URI: "${t}"`);
  },
  format: (v) => v,
});

/** A key that may appear on several lines; each line is one element. */
export const repeatedField = <T>(key: string, element: FieldSpec<T>): FieldSpec<readonly T[]> => ({
  key,
  defaultValue: [],
  repeated: true,
  parse: (t) => {
    const r = element.parse(t);
    return r.ok ? ok([r.value]) : r;
  },
  format: (v) => v.map((e) => element.format(e)).join('\n'),
});

/** A comma list of words (Twinkle's split(value, ',') with each element trimmed). */
export const listField = (key: string, defaultValue: readonly string[]): FieldSpec<readonly string[]> => ({
  key,
  defaultValue,
  repeated: false,
  parse: (t) =>
    ok(
      t === ''
        ? []
        : t
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
    ),
  format: (v) => v.join(','),
});
