/**
 * The dialog event package's body (RFC 4235): application/dialog-info+xml
 * with a `version`, `full` or `partial` state, and one `dialog` element per
 * dialog of the watched user with its state (trying, proceeding, early,
 * confirmed, terminated). A {@link DialogInfoTracker} applies full and partial
 * documents in version order (RFC 4235 section 4.1) and sums them up as a busy
 * lamp: idle, ringing or busy. Parsing never throws.
 */

export const DIALOG_INFO_TYPE = 'application/dialog-info+xml';

export type DialogStateName = 'trying' | 'proceeding' | 'early' | 'confirmed' | 'terminated';

export interface DialogEntry {
  readonly id: string;
  readonly state: DialogStateName;
  /** `initiator` (the watched user called) or `recipient` (was called). */
  readonly direction?: 'initiator' | 'recipient';
  /** The other party's identity, when the notifier tells. */
  readonly remote?: string;
}

export interface DialogInfoDocument {
  readonly entity: string;
  readonly version: number;
  readonly state: 'full' | 'partial';
  readonly dialogs: readonly DialogEntry[];
}

/** What a busy lamp shows for a user. */
export type LampState = 'idle' | 'ringing' | 'busy' | 'unknown';

const P = '(?:[A-Za-z0-9_.-]+:)?';
const STATES: ReadonlySet<string> = new Set(['trying', 'proceeding', 'early', 'confirmed', 'terminated']);
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (s: string): string => s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ENTITIES[e]!);

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m === null ? undefined : decode(m[1] ?? m[2] ?? '');
}

/** Reads a dialog-info document; undefined when it is not one. */
export function parseDialogInfo(body: Uint8Array | string): DialogInfoDocument | undefined {
  const xml = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: false }).decode(body);
  const open = new RegExp(`<${P}dialog-info\\b[^>]*>`).exec(xml);
  if (open === null) return undefined;
  const version = Number(attr(open[0], 'version'));
  const state = attr(open[0], 'state');
  if (!Number.isInteger(version) || version < 0 || (state !== 'full' && state !== 'partial'))
    return undefined;
  const dialogs: DialogEntry[] = [];
  const re = new RegExp(`<${P}dialog(?=[\\s>/])([^>]*?)(?:/>|>([\\s\\S]*?)</${P}dialog\\s*>)`, 'g');
  for (const m of xml.matchAll(re)) {
    const id = attr(` ${m[1]!}`, 'id');
    const inner = m[2] ?? '';
    const st = new RegExp(`<${P}state\\b[^>]*>([^<]*)</${P}state\\s*>`)
      .exec(inner)?.[1]
      ?.trim()
      .toLowerCase();
    if (id === undefined || st === undefined || !STATES.has(st)) continue;
    const direction = attr(` ${m[1]!}`, 'direction');
    const remote = new RegExp(`<${P}remote\\b[\\s\\S]*?<${P}identity\\b[^>]*>([^<]*)</`)
      .exec(inner)?.[1]
      ?.trim();
    dialogs.push({
      id,
      state: st as DialogStateName,
      ...(direction === 'initiator' || direction === 'recipient' ? { direction } : {}),
      ...(remote === undefined || remote === '' ? {} : { remote: decode(remote) }),
    });
  }
  return { entity: attr(open[0], 'entity') ?? '', version, state, dialogs };
}

/** The dialogs of one watched user, kept from full and partial notifications. */
export class DialogInfoTracker {
  #version: number | undefined;
  readonly #dialogs = new Map<string, DialogEntry>();

  /**
   * Applies a document; false when it must be ignored (an old version) or
   * when a partial one skipped a version (the caller should re-subscribe
   * for a full state, RFC 4235 section 4.1).
   */
  apply(doc: DialogInfoDocument): boolean {
    const last = this.#version;
    if (last !== undefined && doc.version <= last) return false;
    if (doc.state === 'partial' && (last === undefined || doc.version !== last + 1)) return false;
    this.#version = doc.version;
    if (doc.state === 'full') this.#dialogs.clear();
    for (const d of doc.dialogs) {
      if (d.state === 'terminated') this.#dialogs.delete(d.id);
      else this.#dialogs.set(d.id, d);
    }
    return true;
  }

  /** Forgets everything (a new subscription starts with a full state). */
  reset(): void {
    this.#version = undefined;
    this.#dialogs.clear();
  }

  get dialogs(): readonly DialogEntry[] {
    return [...this.#dialogs.values()];
  }

  /**
   * Busy when a dialog is confirmed or the user is calling out; ringing when
   * a call to the user is being set up (recipient, or no direction given);
   * else idle.
   */
  get lamp(): LampState {
    if (this.#version === undefined) return 'unknown';
    const all = this.dialogs;
    if (all.some((d) => d.state === 'confirmed' || d.direction === 'initiator')) return 'busy';
    if (all.length > 0) return 'ringing';
    return 'idle';
  }
}
