import { describe, expect, it } from 'vitest';
import { ClockCache } from '../../src/lib/clock-cache.js';

describe('ClockCache', () => {
  it('keeps at most max entries and evicts what was not used since it was last passed over', () => {
    const evicted: string[] = [];
    const c = new ClockCache<string, number>(3, (k) => evicted.push(k));
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    expect(c.get('a')).toBe(1); // a used: it gets a second chance
    c.set('d', 4);
    expect(evicted).toEqual(['b']);
    expect(c.size).toBe(3);
    expect([...c.values()].sort()).toEqual([1, 3, 4]);
    c.set('e', 5); // a was unmarked when passed over, c was never used: c goes
    expect(evicted).toEqual(['b', 'c']);
    c.set('f', 6);
    expect(evicted).toEqual(['b', 'c', 'a']);
  });

  it('peek does not count as a use; set on a present key replaces in place', () => {
    const evicted: string[] = [];
    const c = new ClockCache<string, number>(2, (k) => evicted.push(k));
    c.set('a', 1);
    c.set('b', 2);
    expect(c.peek('a')).toBe(1);
    c.set('b', 20);
    expect(c.size).toBe(2);
    c.set('c', 3);
    expect(evicted).toEqual(['a']);
    expect(c.get('b')).toBe(20);
  });

  it('ends eviction even when every entry was used, and stores nothing at max 0', () => {
    const c = new ClockCache<number, number>(100);
    for (let i = 0; i < 100; i++) c.set(i, i);
    for (let i = 0; i < 100; i++) c.get(i);
    c.set(100, 100);
    expect(c.size).toBe(100);
    expect(c.peek(0)).toBeUndefined();
    expect(c.delete(1)).toBe(1);
    expect(c.delete(1)).toBeUndefined();
    const none = new ClockCache<string, number>(0);
    none.set('a', 1);
    expect(none.size).toBe(0);
  });
});
