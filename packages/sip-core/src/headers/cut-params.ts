/**
 * Cutting `;name[=value]` parameters out of text that a fast-path regular
 * expression has already matched (no quotes, no white space), for the fast
 * paths that run on every received message.
 */
import type { UriParam } from '../uri/types.js';

/**
 * The parameters `;name[=value]` in `text[pos, end)`, `pos` at the first
 * `;`. The text must be of the fast-path form: no quotes, no white space,
 * every `;` starting a parameter.
 */
export function cutParams(text: string, pos: number, end: number): UriParam[] {
  // Up to three parameters are held in locals and returned as an array
  // literal of the right size: growing an empty array costs a call each.
  let a: UriParam | undefined;
  let b: UriParam | undefined;
  let c: UriParam | undefined;
  let more: UriParam[] | undefined;
  let n = 0;
  for (let p = pos; p < end; n++) {
    let next = text.indexOf(';', p + 1);
    if (next < 0 || next > end) next = end;
    let eq = text.indexOf('=', p + 1);
    if (eq > next) eq = -1;
    const param: UriParam =
      eq < 0
        ? { name: text.slice(p + 1, next), value: undefined }
        : { name: text.slice(p + 1, eq), value: text.slice(eq + 1, next) };
    if (n === 0) a = param;
    else if (n === 1) b = param;
    else if (n === 2) c = param;
    else {
      more ??= [a!, b!, c!];
      more.push(param);
    }
    p = next;
  }
  if (more !== undefined) return more;
  return n === 1 ? [a!] : n === 2 ? [a!, b!] : n === 3 ? [a!, b!, c!] : [];
}
