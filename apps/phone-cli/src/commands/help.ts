/** The texts of `help` and `help COMMAND`, made from the command table. */
import { COMMANDS, commandSpec } from './command-table.js';
import type { CommandName } from './command-types.js';

/** The command list: name and summary, one per line. */
export function helpList(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const lines = COMMANDS.map((c) => `${c.name.padEnd(width)}${c.summary}`);
  lines.push('', 'A unique prefix is enough (ans = answer). help COMMAND shows its options.');
  return lines.join('\n');
}

/** Usage, aliases and details of one command. */
export function helpCommand(name: CommandName): string {
  const c = commandSpec(name);
  const lines = [`Usage: ${c.usage}`];
  if (c.aliases.length > 0) lines.push(`Also: ${c.aliases.join(', ')}`);
  lines.push(...c.details);
  return lines.join('\n');
}
