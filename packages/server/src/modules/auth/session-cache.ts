import type { EventData, EventDraft, StoredEvent } from '../../realtime/outbox.js';
import type { Hub } from '../../realtime/hub.js';
import { addTo, removeFrom } from '../../lib/multimap.js';
import type { Actor } from './actor.js';

/**
 * Resolved sessions, so that a request does not cost a database query to authenticate. An entry
 * lives at most `ttlMs`, and goes at once when its session ends: on this node as soon as the
 * ending commits, on the others when the `session.ended` / `user.changed` event reaches them
 * (milliseconds through Redis; the event poll at worst).
 */
export class SessionCache {
  private entries = new Map<string, { actor: Actor; until: number }>();
  /** The cached token hashes of each person, so that ending his sessions does not scan them all. */
  private byUser = new Map<string, Set<string>>();
  constructor(
    private ttlMs: number,
    private max = 50_000,
  ) {}

  get(tokenHash: string, now = Date.now()): Actor | null {
    const e = this.entries.get(tokenHash);
    if (!e) return null;
    if (e.until <= now) {
      this.delete(tokenHash);
      return null;
    }
    return e.actor;
  }

  /** `expiresAt`: the session's own end, which the entry never outlives. */
  set(tokenHash: string, actor: Actor, expiresAt: number, now = Date.now()) {
    if (this.ttlMs <= 0) return;
    this.delete(tokenHash);
    if (this.entries.size >= this.max) this.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { actor, until: Math.min(now + this.ttlMs, expiresAt) });
    addTo(this.byUser, actor.id, tokenHash);
  }

  /** Forget these sessions of a person, or all of his (`sessionIds` absent). */
  evict(userId: string, sessionIds?: string[]) {
    for (const key of [...(this.byUser.get(userId) ?? [])]) {
      const e = this.entries.get(key);
      if (!e || !sessionIds || sessionIds.includes(e.actor.sessionId)) this.delete(key);
    }
  }

  get size() {
    return this.entries.size;
  }

  private delete(tokenHash: string) {
    const e = this.entries.get(tokenHash);
    if (!e) return;
    this.entries.delete(tokenHash);
    removeFrom(this.byUser, e.actor.id, tokenHash);
  }
}

/** Keep the cache true to the event log: locally at commit, everywhere as events arrive. */
export function followSessions(cache: SessionCache, hub: Hub) {
  const apply = (type: string, data: unknown) => {
    if (type === 'session.ended') {
      const d = data as EventData['session.ended'];
      cache.evict(d.userId, d.sessionIds);
    } else if (type === 'user.changed') {
      cache.evict((data as EventData['user.changed']).userId);
    }
  };
  hub.onCommittedHere((drafts: EventDraft[]) => drafts.forEach((d) => apply(d.type, d.data)));
  hub.onEvent((e: StoredEvent) => {
    if (e.type === 'session.ended' || e.type === 'user.changed') apply(e.type, JSON.parse(e.data));
  });
}
