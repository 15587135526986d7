import { seededRandom } from '../../packages/server/src/lib/seeded-random.js';

/**
 * The server's small deterministic generator (mulberry32) with what the company generator needs:
 * the same seed makes the same company, byte for byte apart from the random half of each ULID
 * (lib/ids.ts draws that from crypto).
 */
export class Random {
  /** Uniform in [0, 1). */
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed >>> 0).next;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Geometric on 0, 1, 2, … with the given mean: a few items get many, most get few. */
  geometric(mean: number): number {
    return Math.floor(Math.log(1 - this.next()) / Math.log(mean / (mean + 1)));
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }
}

/**
 * Zipf over n items: item of rank r (1-based) is drawn with weight 1 / r^s. Ranks are mapped
 * through `order` so that the busiest items are spread over the id space, not the first ids.
 */
export class Zipf {
  private readonly cumulative: Float64Array;
  constructor(
    n: number,
    s: number,
    private readonly order: Int32Array,
  ) {
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) this.cumulative[r] = sum += 1 / Math.pow(r + 1, s);
  }

  /** The item at rank `rank` (0-based). */
  atRank(rank: number): number {
    return this.order[rank];
  }

  sample(rnd: Random): number {
    const c = this.cumulative;
    const x = rnd.next() * c[c.length - 1];
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return this.order[lo];
  }
}
