import { describe, expect, it } from 'vitest';
import { tokenize } from '../commands/tokenize.js';
import { callCommandLine, callDestination } from './link-flags.js';

describe('--call with a link', () => {
  it('takes links apart and leaves plain destinations alone', () => {
    expect(callDestination('callto:bob')).toEqual({ ok: true, destination: 'bob' });
    expect(callDestination('tel:+31%2020')).toEqual({ ok: true, destination: 'tel:+31 20' });
    expect(callDestination('bob@example.com')).toEqual({ ok: true, destination: 'bob@example.com' });
    expect(callDestination('callto:%0Aquit').ok).toBe(false);
  });

  it('the console line carries the destination as one word', () => {
    for (const d of ['tel:+31 20 123', 'a"b\\c', "it's", 'bob']) {
      const t = tokenize(callCommandLine(d));
      expect(t).toEqual({ ok: true, words: ['call', d] });
    }
  });
});
