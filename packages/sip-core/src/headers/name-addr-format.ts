/**
 * Serializers for name-addr values (From, To, Route, Contact...).
 */
import { quoteString } from '../grammar/scan.js';
import { formatUri } from '../uri/format.js';
import { formatParams, formatParamsWith } from './params.js';
import type { FromTo, NameAddr } from './types.js';

/** The `"name" <uri>` part shared by every name-addr serializer, without parameters. */
export const formatAddressOf = (v: NameAddr): string => {
  const uri = formatUri(v.uri);
  const hasName = v.displayName !== undefined;
  // An addr-spec may be written without <> only if nothing could be misread (section 20.10).
  if (!hasName && !v.bracketed && !/[;,?]/.test(uri)) return uri;
  // Display names are always quoted: any text is then safe, and it is the common form.
  return hasName ? `${quoteString(v.displayName!)} <${uri}>` : `<${uri}>`;
};

/** Serializes a name-addr with its parameters. */
export const formatNameAddr = (v: NameAddr): string => formatAddressOf(v) + formatParams(v.params);

/** Serializes From/To; the `tag` field wins over a `tag` in `params`. */
export const formatFromTo = (v: FromTo): string =>
  formatAddressOf(v) + formatParamsWith(v.params, [['tag', v.tag]]);
