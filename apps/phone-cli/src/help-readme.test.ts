/**
 * `twinkle --help` and the README say the same about the flags, and both say what the
 * parser takes; the README names every console command of the command table: a flag or a
 * command added to one and not the others fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands/command-table.js';
import { parseFlags, USAGE } from './flags.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The flags of the --help option lines, with whether they take a value (an upper-case word or `[...]` follows). */
function helpFlags(): Map<string, boolean> {
  const flags = new Map<string, boolean>();
  const lines = USAGE.slice(USAGE.indexOf('Options:')).split('\n');
  for (const line of lines) {
    const m = /^ {2}((?:-[a-zA-Z], )?)(--?[a-z][a-z-]*)( [A-Z"[][^ ]*)?/.exec(line);
    if (!m) continue;
    flags.set(m[2]!, m[3] !== undefined && !m[3].startsWith(' [')); // `[COMMAND]` is optional
    if (m[1]) flags.set(m[1].slice(0, 2), false); // -h, --help
  }
  return flags;
}

/** The flags named in the README's Flags section. */
function readmeFlags(): Set<string> {
  const section = README.slice(
    README.indexOf('## Flags'),
    README.indexOf('\n## ', README.indexOf('## Flags') + 1),
  );
  return new Set([...section.matchAll(/`(--?[a-z][a-z-]*)/g)].map((m) => m[1]!));
}

describe('--help, the README and the parser agree on the flags', () => {
  const help = helpFlags();

  it('finds the flags of both texts', () => {
    expect(help.size).toBeGreaterThan(15);
    expect(help.get('--sip-port')).toBe(true);
    expect(help.get('--json')).toBe(false);
    expect(readmeFlags().has('--call')).toBe(true);
  });

  it('the README names every flag of --help, and no other', () => {
    const inHelp = new Set([...help.keys()].filter((f) => f !== '-h')); // -h is --help's short form
    expect([...readmeFlags()].sort()).toEqual([...inHelp].sort());
  });

  it('the parser takes every flag of --help, with a value where --help shows one', () => {
    for (const [flag, value] of help) {
      const args = value ? [flag, flag.endsWith('port') ? '5060' : 'x'] : [flag];
      // --immediate only goes with --call or --cmd
      const r = parseFlags(flag === '--immediate' ? [...args, '--call', 'bob'] : args);
      expect(r.ok ? 'ok' : r.error, flag).toBe('ok');
    }
  });
});

describe('the README and the console commands', () => {
  it('names every command and word alias of the command table, as `name` or `name ...`', () => {
    const section = README.slice(README.indexOf('## Console commands'));
    const named = new Set([...section.matchAll(/`([a-z_]+)[ `/]/g)].map((m) => m[1]!));
    // one-character aliases (q, x, h, ?) are typing shortcuts, as prefixes are
    const words = COMMANDS.flatMap((c) => [c.name, ...c.aliases.filter((a) => a.length > 1)]);
    const missing = words.filter((n) => !named.has(n));
    expect(missing).toEqual([]);
  });
});
