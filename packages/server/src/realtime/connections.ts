import { addTo, removeFrom } from '../lib/multimap.js';
import type { Audience, GroupVisibility, Recipient } from './audiences.js';

const NONE: ReadonlySet<never> = new Set();

/**
 * A node's open streams, indexed by person, by group and for admins, so that an event is judged
 * only against the connections its audience can concern at all: a direct message is checked
 * against its two people's sockets, not against every socket of the node. `audiences.ts` still
 * decides who receives it; `candidates` only narrows whom it asks about.
 */
export class Connections<C extends { readonly user: Recipient }> {
  readonly all = new Set<C>();
  private byUser = new Map<string, Set<C>>();
  private byGroup = new Map<string, Set<C>>();
  private admins = new Set<C>();

  get size() {
    return this.all.size;
  }

  add(c: C) {
    this.all.add(c);
    addTo(this.byUser, c.user.id, c);
    this.index(c);
  }

  /** Answers whether it was there. */
  delete(c: C): boolean {
    if (!this.all.delete(c)) return false;
    removeFrom(this.byUser, c.user.id, c);
    this.unindex(c);
    return true;
  }

  /** The person's role, kind or groups change: `apply` changes them, the index follows. */
  update(c: C, apply: () => void) {
    const indexed = this.all.has(c);
    if (indexed) this.unindex(c);
    apply();
    if (indexed) this.index(c);
  }

  ofUser(userId: string): ReadonlySet<C> {
    return this.byUser.get(userId) ?? NONE;
  }

  /** Every connection that may receive an event of this audience (and perhaps some that may not). */
  candidates(a: Audience, visibility: (groupId: string) => GroupVisibility | undefined): Iterable<C> {
    switch (a.kind) {
      case 'company':
        return this.all;
      case 'group':
        // Members, admins, and everyone when it is public (mayReceive keeps guests out).
        return visibility(a.groupId) === 'public' ? this.all : union(this.byGroup.get(a.groupId), this.admins);
      case 'members':
        return union(this.byGroup.get(a.groupId), ...(a.also ?? []).map((id) => this.byUser.get(id)));
      case 'users':
        return union(...a.userIds.map((id) => this.byUser.get(id)));
      case 'nobody':
        return NONE;
    }
  }

  private index(c: C) {
    for (const g of c.user.groups) addTo(this.byGroup, g, c);
    if (c.user.role === 'admin') this.admins.add(c);
  }

  private unindex(c: C) {
    for (const g of c.user.groups) removeFrom(this.byGroup, g, c);
    this.admins.delete(c);
  }
}

function union<V>(...sets: (ReadonlySet<V> | undefined)[]): ReadonlySet<V> {
  const present = sets.filter((s): s is ReadonlySet<V> => s !== undefined && s.size > 0);
  if (present.length === 0) return NONE;
  if (present.length === 1) return present[0];
  const out = new Set<V>();
  for (const s of present) for (const v of s) out.add(v);
  return out;
}
