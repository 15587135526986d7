import type { Post } from '@atrium/contract';
import type { Db } from '../db/schema.js';
import { encodeCursor } from '../lib/cursor.js';
import type { Viewer } from '../modules/auth/actor.js';
import { audienceOfPost, mayReceive, type Recipient } from '../realtime/audiences.js';
import type { Hub } from '../realtime/hub.js';
import type { EventData, StoredEvent } from '../realtime/outbox.js';
import { ClockCache } from '../lib/clock-cache.js';
import { addTo, removeFrom } from '../lib/multimap.js';
import { PackedIds } from './packed-ids.js';
import { ownReactions } from './post-cache.js';

type GroupRole = 'owner' | 'manager' | 'member';

/**
 * A person's home feed, materialized (DESIGN.md §6): the ids of its newest posts, newest first,
 * plus what decides which new posts belong in it. Built from the fan-out-on-read skeleton on first
 * use, then kept by the event log: a new post goes into every cached timeline it belongs to.
 */
export class Timeline {
  /**
   * Oldest first: a new post (nearly always the newest) is appended, not put in front of
   * hundreds of ids; a post can go into hundreds of timelines at once. Packed: a cached timeline
   * is a few objects for the garbage collector, not hundreds of strings.
   */
  private ids: PackedIds;

  constructor(
    readonly userId: string,
    readonly recipient: Recipient,
    readonly groupRoles: Map<string, GroupRole>,
    readonly follows: Set<string>,
    readonly topics: Set<string>,
    /** Newest first. */
    newestFirst: string[],
    /** True when the ids are the whole feed (nothing older exists). */
    public complete: boolean,
    /** The person's own reactions to the posts it holds. */
    readonly reactions: Map<string, string[]>,
  ) {
    this.ids = new PackedIds(newestFirst.toReversed(), 32);
  }

  /** The same rule as the home feed's sources, under the same read rule (audiences = visibility). */
  belongs(post: Post, visibility: (groupId: string) => 'public' | 'private' | 'unlisted' | undefined): boolean {
    if (!mayReceive(this.recipient, audienceOfPost({ group_id: post.groupId }), visibility)) return false;
    return (
      post.author.id === this.userId ||
      this.follows.has(post.author.id) ||
      post.wallUserId === this.userId ||
      (post.groupId !== null && this.recipient.groups.has(post.groupId)) ||
      post.mentions.includes(this.userId) ||
      post.topics.some((t) => this.topics.has(t))
    );
  }

  /** Add a post; beyond `cap` the oldest go, a quarter of `cap` at a time (so trimming is rare). */
  insert(id: string, cap: number) {
    const at = this.ids.lowerBound(id);
    if (this.ids.isAt(at, id)) return;
    this.ids.insertAt(at, id);
    if (this.ids.length > cap + (cap >> 2)) {
      for (const dropped of this.ids.dropLowest(this.ids.length - cap)) this.reactions.delete(dropped);
      this.complete = false;
    }
  }

  remove(id: string) {
    const i = this.ids.lowerBound(id);
    if (this.ids.isAt(i, id)) this.ids.removeAt(i);
    this.reactions.delete(id);
  }

  /** A page (newest first) after `cursor`, or null when it reaches past what is cached (the caller asks the database). */
  page(cursor: string | null, limit: number): { ids: string[]; nextCursor: string | null } | null {
    // `end`: how many ids are older than the cursor (all when there is none).
    const end = cursor === null ? this.ids.length : this.ids.lowerBound(cursor);
    if (!this.complete && end <= limit) return null;
    const from = Math.max(0, end - limit);
    const ids = this.ids.slice(from, end).reverse();
    return { ids, nextCursor: from > 0 ? encodeCursor([ids[ids.length - 1]]) : null };
  }
}

export interface TimelineOptions {
  /** Cached people at most (least recently read go first). */
  maxUsers: number;
  /** Posts a timeline is built with (more pages come from the database). */
  build: number;
  /** Posts a timeline keeps as new ones arrive. */
  cap: number;
}

/** The build step: everything a timeline holds, read from the database. */
export type TimelineSource = (db: Db, viewer: Viewer, take: number) => Promise<{ ids: string[]; follows: string[]; topics: string[] }>;

export class TimelineCache {
  private entries: ClockCache<string, Timeline>;
  /**
   * Who may want a new post, by what it is about: the timelines following its author, holding its
   * group, following one of its topics. With the author, the wall's owner and the mentioned people
   * these are the only timelines a new post can belong to, so it is matched against them alone.
   */
  private byFollowee = new Map<string, Set<Timeline>>();
  private byGroup = new Map<string, Set<Timeline>>();
  private byTopic = new Map<string, Set<Timeline>>();
  /**
   * One string per person or group id, shared by every timeline that names it: a timeline follows
   * about 100 people, and the database answers each build with strings of its own (10,000
   * timelines held a million copies). Bounded by the number of people and groups.
   */
  private shared = new Map<string, string>();
  /** Builds in flight, with the events they must replay once built. */
  private building = new Map<string, { events: StoredEvent[]; stale: boolean }>();

  constructor(
    private db: Db,
    private hub: Hub,
    private opts: TimelineOptions,
    private source: TimelineSource,
  ) {
    this.entries = new ClockCache(opts.maxUsers, (_, t) => this.unindex(t));
  }

  get size() {
    return this.entries.size;
  }

  private keysOf(t: Timeline): [Map<string, Set<Timeline>>, Iterable<string>][] {
    return [
      [this.byFollowee, t.follows],
      [this.byGroup, t.recipient.groups],
      [this.byTopic, t.topics],
    ];
  }

  private store(t: Timeline) {
    this.drop(t.userId);
    this.entries.set(t.userId, t);
    for (const [index, keys] of this.keysOf(t)) {
      for (const key of keys) addTo(index, key, t);
    }
  }

  private drop(userId: string) {
    const t = this.entries.delete(userId);
    if (t) this.unindex(t);
  }

  private unindex(t: Timeline) {
    for (const [index, keys] of this.keysOf(t)) {
      for (const key of keys) removeFrom(index, key, t);
    }
  }

  private dropAll() {
    this.entries.clear();
    this.byFollowee.clear();
    this.byGroup.clear();
    this.byTopic.clear();
  }

  /** The cached timelines a new post can belong to. */
  private candidates(post: Post): Set<Timeline> {
    const found = new Set<Timeline>();
    const add = (set: Set<Timeline> | Timeline | undefined) => {
      if (set instanceof Timeline) found.add(set);
      else if (set) for (const t of set) found.add(t);
    };
    add(this.entries.peek(post.author.id));
    add(this.byFollowee.get(post.author.id));
    if (post.wallUserId) add(this.entries.peek(post.wallUserId));
    if (post.groupId) add(this.byGroup.get(post.groupId));
    for (const id of post.mentions) add(this.entries.peek(id));
    for (const topic of post.topics) add(this.byTopic.get(topic));
    return found;
  }

  async get(viewer: Viewer): Promise<Timeline> {
    return this.entries.get(viewer.id) ?? this.build(viewer);
  }

  private async build(viewer: Viewer): Promise<Timeline> {
    const pending = { events: [] as StoredEvent[], stale: false };
    // Every event after this point is replayed on the new timeline (those before are in what we read).
    this.building.set(viewer.id, pending);
    try {
      const [memberships, found] = await Promise.all([
        this.db.selectFrom('group_members').select(['group_id', 'role']).where('user_id', '=', viewer.id).execute(),
        this.source(this.db, viewer, this.opts.build),
      ]);
      const ids = found.ids;
      const reactions = await ownReactions(this.db, viewer.id, ids);
      const roles = new Map(memberships.map((m) => [this.share(m.group_id), m.role]));
      const timeline = new Timeline(
        viewer.id,
        { id: viewer.id, role: viewer.role, kind: viewer.kind, groups: new Set(roles.keys()) },
        roles,
        new Set(found.follows.map((id) => this.share(id))),
        new Set(found.topics),
        ids,
        ids.length < this.opts.build,
        reactions,
      );
      for (const e of pending.events) this.apply(timeline, e.type, await this.prepare(e));
      if (!pending.stale) this.store(timeline);
      return timeline;
    } finally {
      this.building.delete(viewer.id);
    }
  }

  private share(id: string): string {
    const known = this.shared.get(id);
    if (known !== undefined) return known;
    this.shared.set(id, id);
    return id;
  }

  /** What a (parsed) event changes in one timeline; group visibility is loaded by `prepare` first. */
  private apply(t: Timeline, type: string, data: any) {
    switch (type) {
      case 'post.created':
      case 'post.updated': {
        const { post } = data as EventData['post.created'];
        if (t.belongs(post, this.hub.visibilityOf)) t.insert(post.id, this.opts.cap);
        else if (type === 'post.updated') t.remove(post.id);
        return;
      }
      case 'post.deleted':
        return t.remove((data as EventData['post.deleted']).postId);
      case 'reaction.changed': {
        const d = data as EventData['reaction.changed'];
        if (d.userId !== t.userId) return;
        const kinds = new Set(t.reactions.get(d.postId) ?? []);
        if (d.on) kinds.add(d.kind);
        else kinds.delete(d.kind);
        t.reactions.set(d.postId, [...kinds].sort());
        return;
      }
    }
  }

  /** Parse once, load the group visibility a post event needs. */
  private async prepare(e: StoredEvent) {
    const data = JSON.parse(e.data) as any;
    if (e.type === 'post.created' || e.type === 'post.updated') await this.hub.prepare(audienceOfPost({ group_id: (data as EventData['post.created']).post.groupId }));
    return data;
  }

  /** The person's own changes (groups, follows, role, profile) rebuild his timeline on his next read. */
  private forget(userId: string) {
    this.drop(userId);
    const b = this.building.get(userId);
    if (b) b.stale = true;
  }

  follow(hub: Hub) {
    hub.onEvent(async (e) => {
      switch (e.type) {
        case 'membership.changed':
        case 'user.changed':
        case 'feed.changed':
          return this.forget((JSON.parse(e.data) as { userId: string }).userId);
        case 'group.updated':
          // Who may read a group changed: every timeline may hold its posts, or miss them.
          this.dropAll();
          for (const b of this.building.values()) b.stale = true;
          return;
        case 'post.created':
        case 'post.updated':
        case 'post.deleted':
        case 'reaction.changed':
          for (const b of this.building.values()) b.events.push(e);
          if (this.entries.size) {
            const data = await this.prepare(e);
            // A new post goes only where it can belong; a like only to the liker's timeline; edits
            // and deletions (rare) look at every timeline, which may hold the post for any reason.
            const targets =
              e.type === 'post.created'
                ? this.candidates((data as EventData['post.created']).post)
                : e.type === 'reaction.changed'
                  ? [this.entries.peek((data as EventData['reaction.changed']).userId)].filter((t) => t !== undefined)
                  : this.entries.values();
            for (const t of targets) this.apply(t, e.type, data);
          }
      }
    });
  }
}
