import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/errors.js';
import { MemoryRateLimiter } from '../../src/lib/rate-limiter.js';

function limited(fn: () => void): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a rate_limited error');
}

describe('MemoryRateLimiter', () => {
  const make = () => {
    let now = 1_000_000;
    return { limiter: new MemoryRateLimiter(() => now), advance: (ms: number) => (now += ms) };
  };

  it('allows `limit` hits per window, then 429 with the seconds left in Retry-After', () => {
    const { limiter, advance } = make();
    for (let i = 0; i < 3; i++) limiter.hit('k', 3, 60_000);
    advance(15_000);
    const err = limited(() => limiter.hit('k', 3, 60_000));
    expect(err.status).toBe(429);
    expect(err.code).toBe('rate_limited');
    expect(err.headers).toEqual({ 'retry-after': '45' });
    expect(err.details).toEqual({ retryAfterSeconds: 45 });
  });

  it('opens a new window once the old one has passed', () => {
    const { limiter, advance } = make();
    for (let i = 0; i < 2; i++) limiter.hit('k', 2, 10_000);
    expect(() => limiter.hit('k', 2, 10_000)).toThrow(AppError);
    advance(9_999);
    expect(() => limiter.check('k', 2, 10_000)).toThrow(AppError);
    advance(1);
    expect(() => limiter.hit('k', 2, 10_000)).not.toThrow();
  });

  it('never announces Retry-After below one second', () => {
    const { limiter, advance } = make();
    limiter.hit('k', 1, 1_000);
    advance(999);
    expect(limited(() => limiter.check('k', 1, 1_000)).headers).toEqual({ 'retry-after': '1' });
  });

  it('check() does not count; reset() forgets the key; keys are independent', () => {
    const { limiter } = make();
    for (let i = 0; i < 10; i++) limiter.check('a', 1, 60_000);
    limiter.hit('a', 1, 60_000);
    expect(() => limiter.check('a', 1, 60_000)).toThrow(AppError);
    expect(() => limiter.hit('b', 1, 60_000)).not.toThrow();
    limiter.reset('a');
    expect(() => limiter.hit('a', 1, 60_000)).not.toThrow();
  });

  it('a refused hit is not counted', () => {
    const { limiter, advance } = make();
    limiter.hit('k', 1, 10_000);
    for (let i = 0; i < 5; i++) expect(() => limiter.hit('k', 1, 10_000)).toThrow(AppError);
    advance(10_000);
    limiter.hit('k', 1, 10_000);
    expect(() => limiter.hit('k', 1, 10_000)).toThrow(AppError);
  });
});
