/**
 * A `script_*` value as an argument vector. Twinkle splits the value on
 * white space, double quotes keeping spaces together (split_ws), and
 * execve()s the first word: no shell, no PATH search, no expansion. We do
 * the same; a backslash escapes the next character inside or outside quotes.
 */

/** The words of a script command; empty for a blank value. Unbalanced quotes end at the end of the text. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (c === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && /\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
