import { describe, expect, it } from 'vitest';
import { PackedIds } from '../../src/feed/packed-ids.js';
import { newId } from '../../src/lib/ids.js';
import { seededRandom } from '../../src/lib/seeded-random.js';

/** The reference: a sorted array of strings, as timelines held their ids before. */
const lowerBound = (ids: string[], id: string) => {
  let i = 0;
  while (i < ids.length && ids[i] < id) i++;
  return i;
};

describe('packed post ids', () => {
  it('behave as a sorted array of strings under any mix of inserts, removals and trims', () => {
    const rnd = seededRandom(7);
    const pool = Array.from({ length: 400 }, (_, i) => newId(1_700_000_000_000 + i * 997));
    const reference: string[] = [];
    const packed = new PackedIds([], 0); // grows from its smallest size
    for (let step = 0; step < 5_000; step++) {
      const id = rnd.pick(pool);
      const r = rnd.next();
      if (r < 0.7) {
        const at = lowerBound(reference, id);
        expect(packed.lowerBound(id)).toBe(at);
        expect(packed.isAt(at, id)).toBe(reference[at] === id);
        if (reference[at] !== id) {
          reference.splice(at, 0, id);
          packed.insertAt(at, id);
        }
      } else if (r < 0.95) {
        const at = lowerBound(reference, id);
        if (reference[at] === id) {
          reference.splice(at, 1);
          packed.removeAt(at);
        }
      } else if (reference.length > 10) {
        const k = rnd.int(10);
        expect(packed.dropLowest(k)).toEqual(reference.splice(0, k));
      }
      expect(packed.length).toBe(reference.length);
    }
    expect(packed.slice(0, packed.length)).toEqual(reference);
    expect(reference.length).toBeGreaterThan(100);
  });

  it('find the place of any cursor a client sends, as string comparison would', () => {
    const ids = Array.from({ length: 50 }, (_, i) => newId(1_700_000_000_000 + i * 1000));
    const packed = new PackedIds(ids);
    const cursors = ['', '0', 'ZZZZ', ids[10], ids[10].slice(0, 20), `${ids[10]}0`, ids[10].toLowerCase(), 'ü', '\u{1F600}', '01HZZZZZZZZZZZZZZZZZZZZZZZZZZZZ'];
    for (const c of cursors) expect(packed.lowerBound(c), JSON.stringify(c)).toBe(lowerBound(ids, c));
    expect(packed.isAt(10, ids[10])).toBe(true);
    expect(packed.isAt(10, `${ids[10]}0`)).toBe(false);
    expect(packed.isAt(50, ids[10])).toBe(false);
  });

  it('refuse an id that is not a ULID, which would sort wrongly', () => {
    expect(() => new PackedIds(['not-a-post-id'])).toThrow(/not a post id/);
    const ids = [newId(1_700_000_000_000), newId(1_700_000_001_000)];
    const packed = new PackedIds(ids);
    expect(() => packed.insertAt(0, 'ü'.repeat(26))).toThrow(/not a post id/);
    expect(packed.slice(0, packed.length), 'nothing moved').toEqual(ids);
  });
});
