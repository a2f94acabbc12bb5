/**
 * Changed copies of a message. Messages are immutable; these return new
 * ones, serialized canonically (long names, one `Name: value` per line,
 * Content-Length recomputed). The start line is kept as it was.
 */
import { assemble, bodyBytes, type FieldInit } from './assemble.js';
import { headerKey } from './header-names.js';
import type { SipMessage } from './sip-message.js';

/**
 * The copy. The lines taken over from `msg` are passed on as received, even
 * those validation would reject (a name that is not a token, a bare CR).
 */
function rebuild<M extends SipMessage>(
  msg: M,
  fields: readonly FieldInit[],
  body: Uint8Array,
  own: readonly FieldInit[],
): M {
  return assemble(msg.startLine, fields, body, new Set(own)) as M;
}

/**
 * A copy where the header `name` has exactly the given value(s): its lines are
 * replaced where the first one stood, or appended when it was absent.
 */
export function withHeader<M extends SipMessage>(msg: M, name: string, value: string | readonly string[]): M {
  const key = headerKey(name);
  const values = typeof value === 'string' ? [value] : value;
  const out: FieldInit[] = [];
  let placed = false;
  const own = msg.fields;
  for (const f of own) {
    if (headerKey(f.name) !== key) out.push(f);
    else if (!placed) {
      for (const v of values) out.push({ name, value: v });
      placed = true;
    }
  }
  if (!placed) for (const v of values) out.push({ name, value: v });
  return rebuild(msg, out, msg.body, own);
}

/**
 * A copy with one more line of the header `name`: on top of its existing
 * lines (as a proxy adds its Via, section 16.6 step 8) or after the last field.
 */
export function withAddedHeader<M extends SipMessage>(
  msg: M,
  name: string,
  value: string,
  where: 'top' | 'bottom' = 'bottom',
): M {
  const key = headerKey(name);
  const out: FieldInit[] = [];
  let placed = where === 'bottom';
  const own = msg.fields;
  for (const f of own) {
    if (!placed && headerKey(f.name) === key) {
      out.push({ name, value });
      placed = true;
    }
    out.push(f);
  }
  if (!placed || where === 'bottom') out.push({ name, value });
  return rebuild(msg, out, msg.body, own);
}

/** A copy without any line of the header `name`. */
export function withoutHeader<M extends SipMessage>(msg: M, name: string): M {
  const key = headerKey(name);
  const own = msg.fields;
  return rebuild(
    msg,
    own.filter((f) => headerKey(f.name) !== key),
    msg.body,
    own,
  );
}

/**
 * A copy with another body. With a `contentType` the Content-Type is set to
 * it; an empty body drops Content-Type when none is given.
 */
export function withBody<M extends SipMessage>(msg: M, body: Uint8Array | string, contentType?: string): M {
  const bytes = bodyBytes(body);
  const own = msg.fields;
  let fields: FieldInit[] = [...own];
  if (contentType !== undefined || bytes.length === 0) {
    fields = fields.filter((f) => headerKey(f.name) !== 'content-type');
    if (contentType !== undefined) fields.push({ name: 'Content-Type', value: contentType });
  }
  return rebuild(msg, fields, bytes, own);
}
