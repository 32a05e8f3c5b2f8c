import { describe, expect, it } from 'vitest';
import { ScopedCache } from './scoped-cache.ts';

describe('ScopedCache', () => {
  it('keeps each scope apart, and starts a scope over past its bound', () => {
    const cache = new ScopedCache<number, string>(2);
    const a = {};
    const b = {};
    cache.set(a, 1, 'a1');
    cache.set(b, 1, 'b1');
    expect([cache.get(a, 1), cache.get(b, 1)]).toEqual(['a1', 'b1']);
    cache.set(a, 2, 'a2');
    cache.set(a, 2, 'a2 again'); // an existing key never starts the scope over
    expect(cache.get(a, 1)).toBe('a1');
    cache.set(a, 3, 'a3'); // a third key in a scope bounded to 2
    expect([cache.get(a, 1), cache.get(a, 2), cache.get(a, 3)]).toEqual([undefined, undefined, 'a3']);
    expect(cache.get(b, 1)).toBe('b1');
    cache.delete(b, 1);
    expect(cache.get(b, 1)).toBeUndefined();
  });
});
