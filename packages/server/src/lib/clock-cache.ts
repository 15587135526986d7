/**
 * A bounded map that forgets what was least recently used, approximately (the CLOCK algorithm):
 * a hit only marks its entry, so a read on a hot path costs one lookup and no reordering; when
 * room is needed, marked entries get a second chance (unmarked, moved to the back) and the first
 * unmarked one goes.
 */
export class ClockCache<K, V> {
  private entries = new Map<K, { value: V; used: boolean }>();

  constructor(
    private max: number,
    /** Told of every entry that goes to make room. */
    private onEvict?: (key: K, value: V) => void,
  ) {}

  get size() {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    e.used = true;
    return e.value;
  }

  /** Without counting as a use. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: K, value: V) {
    if (this.max <= 0) return;
    const e = this.entries.get(key);
    if (e) {
      e.value = value;
      return;
    }
    if (this.entries.size >= this.max) this.evictOne();
    this.entries.set(key, { value, used: false });
  }

  delete(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    return e.value;
  }

  clear() {
    this.entries.clear();
  }

  *values(): IterableIterator<V> {
    for (const e of this.entries.values()) yield e.value;
  }

  private evictOne() {
    // Ends: every pass unmarks what it passes, so the second pass at the latest finds an unmarked entry.
    for (;;) {
      const [key, e] = this.entries.entries().next().value!;
      this.entries.delete(key);
      if (!e.used) {
        this.onEvict?.(key, e.value);
        return;
      }
      e.used = false;
      this.entries.set(key, e);
    }
  }
}
