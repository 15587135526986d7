import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/auth/actor.js';
import { SessionCache } from '../../src/modules/auth/session-cache.js';

const actor = (id: string, sessionId: string): Actor => ({ id, sessionId, role: 'member', kind: 'member', csrfToken: '' });
const FAR = Date.now() + 3_600_000;

describe('SessionCache', () => {
  it('evicts a person’s named sessions, or all of his, and nobody else’s', () => {
    const c = new SessionCache(60_000);
    c.set('a1', actor('ann', 's1'), FAR);
    c.set('a2', actor('ann', 's2'), FAR);
    c.set('a3', actor('ann', 's3'), FAR);
    c.set('b1', actor('bob', 's4'), FAR);
    c.evict('ann', ['s2']);
    expect([c.get('a1')?.sessionId, c.get('a2'), c.get('a3')?.sessionId]).toEqual(['s1', null, 's3']);
    c.evict('ann');
    expect([c.get('a1'), c.get('a3'), c.get('b1')?.sessionId]).toEqual([null, null, 's4']);
    expect(c.size).toBe(1);
  });

  it('keeps its index true when entries go by expiry, by the size limit, or are replaced', () => {
    const now = Date.now();
    const c = new SessionCache(1_000, 2);
    c.set('a1', actor('ann', 's1'), FAR, now);
    c.set('a2', actor('ann', 's2'), FAR, now);
    c.set('b1', actor('bob', 's3'), FAR, now); // the oldest (a1) makes room
    expect(c.get('a1', now)).toBeNull();
    expect(c.size).toBe(2);
    expect(c.get('a2', now + 2_000)).toBeNull(); // expired: gone
    c.set('b1', actor('bob', 's3'), FAR, now); // replaced, not doubled
    expect(c.size).toBe(1);
    c.evict('bob', ['s3']);
    expect(c.size).toBe(0);
    // A session the cache no longer holds can be cached again and evicted again.
    c.set('a1', actor('ann', 's1'), FAR, now);
    c.evict('ann');
    expect(c.get('a1', now)).toBeNull();
  });

  it('an entry never outlives its session, and a zero ttl caches nothing', () => {
    const now = Date.now();
    const c = new SessionCache(60_000);
    c.set('a1', actor('ann', 's1'), now + 500, now);
    expect(c.get('a1', now + 400)?.sessionId).toBe('s1');
    expect(c.get('a1', now + 600)).toBeNull();
    const off = new SessionCache(0);
    off.set('a1', actor('ann', 's1'), FAR, now);
    expect(off.get('a1', now)).toBeNull();
  });
});
