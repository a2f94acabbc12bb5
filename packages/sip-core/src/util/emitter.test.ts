import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter.js';

describe('Emitter', () => {
  it('calls listeners in order and removes them', () => {
    const e = new Emitter<number>();
    const seen: string[] = [];
    const offA = e.on((n) => seen.push(`a${n}`));
    e.on((n) => seen.push(`b${n}`));
    e.emit(1);
    offA();
    e.emit(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  it('once listeners fire once', () => {
    const e = new Emitter<string>();
    const seen: string[] = [];
    e.once((s) => seen.push(s));
    e.emit('x');
    e.emit('y');
    expect(seen).toEqual(['x']);
    expect(e.listenerCount).toBe(0);
  });

  it('a throwing listener does not stop the others', () => {
    const e = new Emitter<void>();
    let reached = false;
    e.on(() => {
      throw new Error('boom');
    });
    e.on(() => {
      reached = true;
    });
    expect(() => e.emit()).toThrow('boom');
    expect(reached).toBe(true);
  });
});
