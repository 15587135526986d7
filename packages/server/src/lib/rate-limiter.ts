import { rateLimited } from './errors.js';

/**
 * Fixed-window counters. In-process on one node; the interface is what a Redis-backed limiter
 * will implement when several nodes share the counts.
 */
export interface RateLimiter {
  /** Count one hit; throws 429 when `limit` is already reached within the window. */
  hit(key: string, limit: number, windowMs: number): void;
  /** Check without counting. */
  check(key: string, limit: number, windowMs: number): void;
  reset(key: string): void;
}

export class MemoryRateLimiter implements RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(private now: () => number = Date.now) {}

  private current(key: string, windowMs: number) {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.sweep(windowMs);
    }
    return w;
  }

  check(key: string, limit: number, windowMs: number): void {
    const w = this.current(key, windowMs);
    if (w.count >= limit) throw rateLimited(Math.max(1, Math.ceil((w.start + windowMs - this.now()) / 1000)));
  }

  hit(key: string, limit: number, windowMs: number): void {
    this.check(key, limit, windowMs);
    this.current(key, windowMs).count++;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(windowMs: number) {
    const t = this.now();
    for (const [k, w] of this.windows) if (t - w.start >= windowMs) this.windows.delete(k);
  }
}
