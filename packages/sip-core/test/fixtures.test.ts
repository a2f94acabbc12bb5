/** The torture fixtures are byte-exact copies: their SHA-256 sums match the SHA256SUMS shipped with them. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

for (const set of ['rfc4475', 'rfc5118']) {
  describe(`${set} fixtures`, () => {
    const dir = new URL(`../fixtures/${set}/`, import.meta.url);
    const sums = readFileSync(new URL('SHA256SUMS', dir), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const [hash, file] = l.split(/\s+\*?/);
        return { hash: hash!, file: file! };
      });

    it('lists every file', () => {
      expect(sums.length).toBe(set === 'rfc4475' ? 50 : 24);
    });

    it.each(sums)('$file has its published SHA-256', ({ hash, file }) => {
      const actual = createHash('sha256')
        .update(readFileSync(new URL(file, dir)))
        .digest('hex');
      expect(actual).toBe(hash);
    });
  });
}
