/**
 * Twinkle's buddy list file, `<profile>.bud` in the config directory: a
 * `# name|sip_address|subscribe` header, then one buddy a line, fields
 * separated by `|` with `\` escaping a `|` or `\` inside a field (and a
 * leading `#`), `subscribe` being `y` or `n` (src/presence/buddy.cpp,
 * src/utils/record_file.hpp). Lines that do not parse are skipped, as
 * Twinkle does.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Buddy {
  readonly name: string;
  /** As typed: a user, `user@host` or a SIP URI (expanded with the profile like a call destination). */
  readonly address: string;
  /** Subscribe to the buddy's presence. */
  readonly subscribe: boolean;
}

const HEADER = '# name|sip_address|subscribe';

/** Splits on unescaped `|` and removes the escapes. */
function splitFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      field += line[++i];
    } else if (c === '|') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

const escapeField = (s: string): string => {
  const e = s.replace(/[\\|]/g, (c) => `\\${c}`);
  return e.startsWith('#') ? `\\${e}` : e;
};

/** The buddies of a `.bud` file's text. */
export function parseBuddyList(text: string): Buddy[] {
  const out: Buddy[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const v = splitFields(line);
    if (v.length !== 3) continue;
    out.push({ name: v[0]!, address: v[1]!, subscribe: v[2] === 'y' });
  }
  return out;
}

/** A `.bud` file's text, as Twinkle writes it. */
export function formatBuddyList(buddies: readonly Buddy[]): string {
  const lines = [HEADER];
  for (const b of buddies)
    lines.push([b.name, b.address, b.subscribe ? 'y' : 'n'].map(escapeField).join('|'));
  return `${lines.join('\n')}\n`;
}

/** Reads `<profile>.bud` (no file: no buddies). */
export async function readBuddyList(dir: string, profile: string): Promise<Buddy[]> {
  try {
    return parseBuddyList(await readFile(join(dir, `${profile}.bud`), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

export async function writeBuddyList(dir: string, profile: string, buddies: readonly Buddy[]): Promise<void> {
  await writeFile(join(dir, `${profile}.bud`), formatBuddyList(buddies), { mode: 0o600 });
}
